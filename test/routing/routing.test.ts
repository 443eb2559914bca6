import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockUpstream, type MockHandler } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Routing policies with fault-injecting mock upstreams (SPEC §8). */

const PROVIDERS = ['openai', 'deepseek', 'mistral', 'ark', 'xai'] as const;
type P = (typeof PROVIDERS)[number];
const mocks = {} as Record<P, MockUpstream>;
const handlers = {} as Record<P, MockHandler>;
const ok = (p: string): MockHandler => (req) => ({ kind: 'json', body: completionJson(req, { content: `from ${p}`, usage: { prompt_tokens: 100, completion_tokens: 10 } }) });
let tg: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  const providers: Record<string, { api_key: string; base_url: string }> = {};
  for (const p of PROVIDERS) {
    handlers[p] = ok(p);
    mocks[p] = new MockUpstream((req) => handlers[p](req));
    providers[p] = { api_key: `sk-test-${p}-000000000000`, base_url: await mocks[p].start() };
  }
  tg = await startTestGateway({
    providers,
    // A tool-less model for the capability test (a config override of the catalog).
    models: [{ id: 'mistral-small', capabilities: { tools: false } }],
    routing: { breaker_threshold: 2, breaker_cooldown_ms: 60_000 },
  });
  client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
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

async function route(name: string, policy: Record<string, unknown>) {
  const res = await adminCall(tg, 'PUT', `/v1/admin/projects/${tg.projectId}/routes/${name}`, policy);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
}
const noCache = { headers: { 'x-nextmodel-cache': 'off' } };
const ask = (model: string, extra: Record<string, unknown> = {}, c = client) => c.chat.completions.create({ model, messages: [{ role: 'user', content: 'route me' }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming, noCache).withResponse();
async function receipt(res: { response: Response }) {
  return (await (await fetch(res.response.headers.get('x-nextmodel-receipt-url')!, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
}

describe('fallbacks and retries', () => {
  it('a 429 with retry-after is retried on the same candidate after waiting, and succeeds', async () => {
    let n = 0;
    handlers.openai = (req) => (n++ === 0 ? { kind: 'json', status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '1' } } : ok('openai')(req));
    await route('retry-429', { models: ['gpt-5.5'], order: 'given' });
    const res = await ask('retry-429');
    expect(res.data.choices[0]!.message.content).toBe('from openai');
    const r = await receipt(res);
    expect(r.attempts.map((a: any) => [a.provider, a.status])).toEqual([['openai', 429], ['openai', 200]]);
    expect(r.model_requested).toBe('retry-429');
    expect(r.model_served).toBe('gpt-5.5');
  });

  it('a 500 falls back to the next candidate; all attempts on the receipt; charged only for what served', async () => {
    handlers.openai = () => ({ kind: 'json', status: 500, body: { error: { message: 'boom' } } });
    await route('fallback', { models: ['gpt-5.5', 'deepseek-flash'], order: 'given' });
    const res = await ask('fallback');
    expect(res.data.choices[0]!.message.content).toBe('from deepseek');
    expect(res.response.headers.get('x-nextmodel-provider')).toBe('deepseek');
    expect(res.response.headers.get('x-nextmodel-model')).toBe('deepseek-flash');
    const r = await receipt(res);
    expect(r.attempts.map((a: any) => [a.provider, a.status, a.error_code])).toEqual([['openai', 502, 'upstream_error'], ['deepseek', 200, null]]);
    // 100 × $0.30/M + 10 × $1.20/M = 42 µUSD → × 88 = 3696 µINR, deepseek's price only.
    expect(r.list_cost_inr).toBe('0.003696');
  });

  it('a hung upstream times out per attempt and falls back', async () => {
    handlers.mistral = () => ({ kind: 'hang' });
    await route('hang', { models: ['mistral-small', 'deepseek-flash'], order: 'given', attempt_timeout_ms: 300 });
    const res = await ask('hang');
    expect(res.data.choices[0]!.message.content).toBe('from deepseek');
    const r = await receipt(res);
    expect(r.attempts.map((a: any) => [a.provider, a.status, a.error_code])).toEqual([['mistral', 504, 'upstream_timeout'], ['deepseek', 200, null]]);
  });

  it('the circuit breaker skips a provider that keeps failing', async () => {
    handlers.xai = () => ({ kind: 'json', status: 503, body: { error: { message: 'down' } } });
    await route('breaker', { models: ['grok-4.3', 'deepseek-flash'], order: 'given' });
    await ask('breaker');
    await ask('breaker');
    const before = mocks.xai.requests.length;
    const res = await ask('breaker');
    expect(mocks.xai.requests.length).toBe(before);
    expect((await receipt(res)).attempts[0]).toMatchObject({ provider: 'xai', error_code: 'circuit_open' });
  });

  it('body extras: models fallback list and provider ignore/only', async () => {
    handlers.openai = () => ({ kind: 'json', status: 500, body: { error: { message: 'boom' } } });
    const fb = await ask('gpt-5.5', { models: ['mistral-small'] });
    expect(fb.data.choices[0]!.message.content).toBe('from mistral');
    handlers.openai = ok('openai');
    const ignored = await ask('gpt-5.5', { models: ['deepseek-flash'], provider: { ignore: ['openai'] } });
    expect(ignored.response.headers.get('x-nextmodel-provider')).toBe('deepseek');
    await expect(ask('gpt-5.5', { provider: { only: ['ark'] } })).rejects.toMatchObject({ status: 503, code: 'no_provider_available' });
  });
});

describe('selection never breaks a policy', () => {
  it('a request with tools never routes to a model without tool support', async () => {
    await route('cheap', { models: ['gpt-6-luna', 'mistral-small'], order: 'price' });
    const plain = await ask('cheap');
    expect(plain.response.headers.get('x-nextmodel-model')).toBe('mistral-small');
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
    for (let i = 0; i < 5; i++) expect((await ask('cheap', { tools })).response.headers.get('x-nextmodel-model')).toBe('gpt-6-luna');
  });

  it('source: china never leaves Chinese sources, even when they fail', async () => {
    await route('china', { source: 'china', order: 'price' });
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) served.add((await ask('china')).response.headers.get('x-nextmodel-provider')!);
    expect([...served].every((p) => ['deepseek', 'ark'].includes(p))).toBe(true);
    handlers.deepseek = () => ({ kind: 'json', status: 500, body: { error: { message: 'x' } } });
    handlers.ark = () => ({ kind: 'json', status: 500, body: { error: { message: 'x' } } });
    const err = (await ask('china').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(502);
    expect(mocks.openai.requests).toHaveLength(0);
    expect(mocks.mistral.requests).toHaveLength(0);
  });

  it('max_price never picks a model above it', async () => {
    await route('budget-models', { max_price: { input: 0.2, output: 0.6 }, order: 'latency' });
    const catalog = (await (await fetch(`${tg.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
    for (let i = 0; i < 6; i++) {
      const model = (await ask('budget-models')).response.headers.get('x-nextmodel-model');
      const m = catalog.data.find((x: any) => x.id === model);
      expect(m.pricing.input_usd_per_mtok ?? (m.pricing.input_cny_per_mtok * 12.4) / 88).toBeLessThanOrEqual(0.2);
      expect(m.pricing.output_usd_per_mtok ?? (m.pricing.output_cny_per_mtok * 12.4) / 88).toBeLessThanOrEqual(0.6);
    }
  });

  it('no fitting candidate is a clear 503, not a silent substitute', async () => {
    await route('impossible', { source: 'china', require: ['json_schema'], max_price: { input: 0.01 } });
    await expect(ask('impossible')).rejects.toMatchObject({ status: 503, code: 'no_provider_available' });
  });
});

describe('latency and budget', () => {
  it('order: latency moves traffic to the faster of two upstreams after warm-up', async () => {
    handlers.openai = (req) => ({ ...(ok('openai')(req) as object), delayMs: 120 }) as ReturnType<MockHandler> & object;
    handlers.mistral = (req) => ({ ...(ok('mistral')(req) as object), delayMs: 5 }) as ReturnType<MockHandler> & object;
    await route('fastest', { models: ['gpt-6-luna', 'codestral'], order: 'latency' });
    const served: string[] = [];
    for (let i = 0; i < 20; i++) served.push((await ask('fastest')).response.headers.get('x-nextmodel-provider')!);
    expect(served.slice(0, 10)).toContain('openai');
    expect(served.slice(-8)).toEqual(Array(8).fill('mistral'));
  });

  it('budget downgrade switches route at the threshold', async () => {
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'downgrade' });
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const c = new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    await adminCall(tg, 'PUT', `/v1/admin/projects/${project.json.id}/routes/premium`, { models: ['o3'], downgrade: { at_budget_pct: 80, to: 'economy' } });
    await adminCall(tg, 'PUT', `/v1/admin/projects/${project.json.id}/routes/economy`, { models: ['deepseek-flash'] });
    // o3: 100 × $2/M + 10 × $8/M = 280 µUSD = ₹0.02464 a request; a soft ₹0.07 budget passes 80% with the 3rd.
    await adminCall(tg, 'PATCH', `/v1/admin/projects/${project.json.id}`, { budget: { monthly_inr: '0.07', mode: 'soft' } });
    const served: string[] = [];
    for (let i = 0; i < 5; i++) served.push((await ask('premium', {}, c)).response.headers.get('x-nextmodel-model')!);
    expect(served).toEqual(['o3', 'o3', 'o3', 'deepseek-flash', 'deepseek-flash']);
  });
});
