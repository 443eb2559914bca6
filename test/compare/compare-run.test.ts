import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockUpstream, type MockHandler } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** POST /v1/compare/run against two loopback OpenAI-wire providers (as in test/routing). */

const PROVIDERS = ['openai', 'deepseek'] as const;
type P = (typeof PROVIDERS)[number];
const mocks = {} as Record<P, MockUpstream>;
const handlers = {} as Record<P, MockHandler>;
const ok = (p: string): MockHandler => (req) => ({ kind: 'json', body: completionJson(req, { content: `answer from ${p}`, usage: { prompt_tokens: 100, completion_tokens: 10 } }) });
let tg: TestGateway;

beforeAll(async () => {
  const providers: Record<string, { api_key: string; base_url: string }> = {};
  for (const p of PROVIDERS) {
    handlers[p] = ok(p);
    mocks[p] = new MockUpstream((req) => handlers[p](req));
    providers[p] = { api_key: `sk-test-${p}-000000000000`, base_url: await mocks[p].start() };
  }
  tg = await startTestGateway({ providers, routes: { duo: { models: ['gpt-5.5', 'deepseek-flash'], order: 'price' } } });
});
afterAll(async () => {
  await tg?.close();
  for (const p of PROVIDERS) await mocks[p]?.stop();
});
beforeEach(() => {
  for (const p of PROVIDERS) {
    handlers[p] = ok(p);
    mocks[p].requests.length = 0;
  }
});

async function call(path: string, body: unknown, headers: Record<string, string> = {}, key = tg.projectKey) {
  const res = await fetch(`${tg.baseUrl}${path}`, { method: path.startsWith('/v1/receipts/') ? 'GET' : 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as any, headers: res.headers };
}
const messages = [{ role: 'user', content: 'Which is faster, a hare or a tortoise?' }];

describe('POST /v1/compare/run', () => {
  it('sends the same request to each model and returns both outputs with receipts that resolve', async () => {
    const { status, json } = await call('/v1/compare/run', { models: ['gpt-5.5', 'deepseek-flash'], messages, max_tokens: 50, temperature: 0 }, { 'x-nextmodel-cache': 'off' });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.results.map((r: any) => [r.model, r.provider, r.content, r.finish_reason, r.serve_mode])).toEqual([
      ['gpt-5.5', 'openai', 'answer from openai', 'stop', 'fresh'],
      ['deepseek-flash', 'deepseek', 'answer from deepseek', 'stop', 'fresh'],
    ]);
    // The same body reached each upstream, with its own model name.
    for (const p of PROVIDERS) expect(mocks[p].requests).toHaveLength(1);
    const sent = PROVIDERS.map((p) => mocks[p].requests[0]!.json as any);
    expect(sent.map((b) => b.messages)).toEqual([messages, messages]);
    expect(sent.map((b) => b.temperature)).toEqual([0, 0]);
    for (const r of json.results) {
      expect(r.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 10 });
      expect(r.latency_ms).toBeGreaterThanOrEqual(0);
      const receipt = await call(`/v1/receipts/${r.receipt_id}`, undefined);
      expect(receipt.status, JSON.stringify(receipt.json)).toBe(200);
      expect(receipt.json).toMatchObject({ id: r.receipt_id, model_served: r.model, provider: r.provider, charged_inr: r.charged_inr, serve_mode: 'fresh', status: 200 });
      expect(r.receipt_url).toBe(`${tg.baseUrl}/v1/receipts/${r.receipt_id}`);
    }
    // 100 × $5/M + 10 × $30/M = 800 µUSD → ₹0.070400; deepseek 100 × $0.30/M + 10 × $1.20/M = 42 µUSD → ₹0.003696.
    expect(json.results.map((r: any) => r.charged_inr)).toEqual(['0.070400', '0.003696']);
    expect(json.charged_inr).toBe('0.074096');
  });

  it('runs go through the exact cache like any request', async () => {
    const body = { models: ['gpt-5.5', 'deepseek-flash'], messages: [{ role: 'user', content: 'cache me' }] };
    const first = await call('/v1/compare/run', body);
    const second = await call('/v1/compare/run', body);
    expect(first.json.results.map((r: any) => r.serve_mode)).toEqual(['fresh', 'fresh']);
    expect(second.json.results.map((r: any) => r.serve_mode)).toEqual(['exact_cache', 'exact_cache']);
    expect(second.json.results.map((r: any) => r.charged_inr)).toEqual(['0.007040', '0.000370']);
    expect(mocks.openai.requests).toHaveLength(1);
  });

  it('a failing model is reported beside the one that answered', async () => {
    handlers.openai = () => ({ kind: 'json', status: 400, body: { error: { message: 'bad thing', type: 'invalid_request_error' } } });
    const { status, json } = await call('/v1/compare/run', { models: ['gpt-5.5', 'deepseek-flash'], messages }, { 'x-nextmodel-cache': 'off' });
    expect(status).toBe(200);
    const [gpt, deepseek] = json.results;
    expect(gpt.content).toBeNull();
    expect(gpt.status).toBeGreaterThanOrEqual(400);
    expect(gpt.error.message).toMatch(/bad thing/);
    expect(gpt.charged_inr).toBe('0.000000');
    expect((await call(`/v1/receipts/${gpt.receipt_id}`, undefined)).json.charged_inr).toBe('0.000000');
    expect(deepseek.content).toBe('answer from deepseek');
  });

  it('validates: at most 8 models, no streaming, known models, project keys only', async () => {
    const nine = Array.from({ length: 9 }, () => 'gpt-5.5').map((m, i) => (i === 0 ? m : `${m}-${i}`));
    const tooMany = await call('/v1/compare/run', { models: nine, messages });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.param).toBe('models');
    expect((await call('/v1/compare/run', { models: ['gpt-5.5'], messages, stream: true })).json.error.param).toBe('stream');
    const unknown = await call('/v1/compare/run', { models: ['gpt-5.5', 'nope'], messages });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'model_not_found', param: 'models[1]' });
    expect((await call('/v1/compare/run', { models: ['gpt-5.5', 'gpt-5.5'], messages })).json.error.param).toBe('models[1]');
    expect((await call('/v1/compare/run', { models: ['gpt-5.5'], messages: [] })).json.error.param).toBe('messages');
    expect((await call('/v1/compare/run', { models: ['gpt-5.5'], messages }, {}, tg.adminKey)).status).toBe(403);
    expect(mocks.openai.requests).toHaveLength(0);
  });
});

describe('compare with a route picks what routing serves', () => {
  it('route rank 1 is the model /v1/chat/completions then uses', async () => {
    const compare = await call('/v1/compare', { route: 'duo', messages });
    expect(compare.status, JSON.stringify(compare.json)).toBe(200);
    const first = compare.json.candidates.find((c: any) => c.route_rank === 1);
    expect(first.id).toBe('deepseek-flash');
    const chat = await call('/v1/chat/completions', { model: 'duo', messages }, { 'x-nextmodel-cache': 'off' });
    expect(chat.headers.get('x-nextmodel-model')).toBe(first.id);
  });
});
