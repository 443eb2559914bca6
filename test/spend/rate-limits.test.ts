import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MockUpstream } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { formatResetDuration } from '../../src/spend/rate-limiter.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Requests-per-minute and tokens-per-minute limits with OpenAI's headers (SPEC §4, §7). */

let tg: TestGateway;
beforeAll(async () => {
  tg = await startTestGateway();
});
afterAll(async () => tg?.close());

async function limitedClient(rateLimit: { rpm?: number; tpm?: number }, on: 'project' | 'key') {
  const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: `rl-${Math.random()}` });
  const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
  const path = on === 'project' ? `/v1/admin/projects/${project.json.id}` : `/v1/admin/keys/${key.json.id}`;
  expect((await adminCall(tg, 'PATCH', path, { rate_limit: rateLimit })).status).toBe(200);
  return new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
}

const ask = (client: OpenAI, i: number, max_tokens?: number) =>
  client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: `hello ${i}` }], ...(max_tokens ? { max_tokens } : {}) }).withResponse();

describe('rate limits', () => {
  it('headers count down request by request, then 429 with retry-after', async () => {
    const client = await limitedClient({ rpm: 4 }, 'project');
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { response } = await ask(client, i);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('4');
      remaining.push(response.headers.get('x-ratelimit-remaining-requests')!);
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s)$|^\d+m\d+s$/);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const err = (await ask(client, 99).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.code).toBe('rate_limit_exceeded');
    expect(Number(err.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('holds under concurrent load: 30 at once against rpm 10 → exactly 10 served', async () => {
    const client = await limitedClient({ rpm: 10 }, 'key');
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(client, i).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it('tokens per minute count the prompt plus max_tokens while in flight, and settle to actual usage after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const mock = new MockUpstream(async (req) => {
      await gate;
      return { kind: 'json', body: completionJson(req, { content: 'ok', usage: { prompt_tokens: 5, completion_tokens: 5 } }) };
    });
    const url = await mock.start();
    const tg2 = await startTestGateway({ providers: { openai: { api_key: 'sk-test-tpm-00000000000', base_url: url } } });
    try {
      const project = await adminCall(tg2, 'POST', '/v1/admin/projects', { name: 'tpm' });
      const key = await adminCall(tg2, 'POST', '/v1/admin/keys', { project_id: project.json.id });
      await adminCall(tg2, 'PATCH', `/v1/admin/projects/${project.json.id}`, { rate_limit: { tpm: 1000 } });
      const client = new OpenAI({ apiKey: key.json.key, baseURL: `${tg2.baseUrl}/v1`, maxRetries: 0 });
      const call = (i: number) => client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: `t${i}` }], max_tokens: 400 }).withResponse();
      const inFlight = [call(1), call(2)];
      await vi.waitFor(() => expect(mock.requests).toHaveLength(2));
      // Two requests hold ~2 × 400 tokens: a third does not fit in 1000.
      await expect(call(3)).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
      release();
      const done = await Promise.all(inFlight);
      expect(done[0]!.response.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
      // Settled to the 10 tokens actually used: there is room again.
      const after = await call(4);
      expect(Number(after.response.headers.get('x-ratelimit-remaining-tokens'))).toBeGreaterThan(400);
    } finally {
      await tg2.close();
      await mock.stop();
    }
  });

  it('formats reset durations like OpenAI', () => {
    expect(formatResetDuration(120)).toBe('120ms');
    expect(formatResetDuration(1000)).toBe('1s');
    expect(formatResetDuration(360_000)).toBe('6m0s');
  });
});
