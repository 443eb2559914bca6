import OpenAI from 'openai';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Redis unreachable: the gateway keeps serving, says so in /readyz, and rate limits fail open or closed as configured. */

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('when Redis is down', () => {
  let open: TestGateway;
  let closed: TestGateway;
  beforeAll(async () => {
    const port = await closedPort();
    open = await startTestGateway({ storage: { redis_url: `redis://127.0.0.1:${port}`, redis_failure_mode: 'open' } });
    closed = await startTestGateway({ storage: { redis_url: `redis://127.0.0.1:${port}`, redis_failure_mode: 'closed' } });
  });
  afterAll(async () => {
    await open?.close();
    await closed?.close();
  });

  it('reports degraded readiness but still serves', async () => {
    const ready = (await (await fetch(`${open.baseUrl}/readyz`)).json()) as any;
    expect(ready.status).toBe('degraded');
    expect(ready.checks.database).toBe('ok');
    expect(ready.checks.redis).toMatch(/^unreachable/);
    const client = new OpenAI({ apiKey: open.projectKey, baseURL: `${open.baseUrl}/v1`, maxRetries: 0 });
    expect((await client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'hi' }] })).choices[0]!.message.content).toContain('hi');
  });

  it('open: rate limits fall back to this replica and still hold', async () => {
    await adminCall(open, 'PATCH', `/v1/admin/projects/${open.projectId}`, { rate_limit: { rpm: 2 } });
    const client = new OpenAI({ apiKey: open.projectKey, baseURL: `${open.baseUrl}/v1`, maxRetries: 0 });
    const statuses = await Promise.all([1, 2, 3, 4].map((i) => client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: `o${i}` }] }).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('closed: rate-limited requests are refused with 503 rather than unchecked', async () => {
    await adminCall(closed, 'PATCH', `/v1/admin/projects/${closed.projectId}`, { rate_limit: { rpm: 100 } });
    const client = new OpenAI({ apiKey: closed.projectKey, baseURL: `${closed.baseUrl}/v1`, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'c' }] })).rejects.toMatchObject({ status: 503, code: 'rate_limit_unavailable' });
  });
});
