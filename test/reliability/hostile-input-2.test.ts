import { expect, it } from 'vitest';
import { defineHostileSuite, HOSTILE_COUNT, REQUEST_TIMEOUT_MS } from './support/hostile-suite.js';
import { rawExchange } from './support/raw-http.js';
import { isOpenAIErrorBody } from './support/reliability-client.js';

/**
 * Hostile input, part 2 of 2 (see hostile-input.test.ts): the second half of the generated
 * requests, then slow-loris connections (bodies and headers trickled a byte at a time) while
 * normal traffic flows: each gets an OpenAI-shaped 408 at server.request_timeout_ms and is closed.
 */

const first = Math.ceil(HOSTILE_COUNT / 2);
const env = defineHostileSuite('part 2', first, HOSTILE_COUNT - first);

it('slow-loris bodies and headers get a 408 at the request timeout while normal traffic flows', async () => {
  const slow = (i: number) => {
    const headers = `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${env.tg.projectKey}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`;
    // Bodies: headers at once, then a byte every 200 ms; headers: one header byte every 200 ms.
    // 40 pieces is 8 s, well past the 2 s timeout: the pacing stops by itself either way.
    const pieces = i % 2 === 0 ? Array.from({ length: 40 }, () => '{') : [...headers.slice(0, 40)];
    return rawExchange(env.port, { ...(i % 2 === 0 ? { data: headers } : {}), paced: { pieces, intervalMs: 200 }, deadlineMs: 15_000 });
  };
  const lorises = Array.from({ length: 6 }, (_, i) => slow(i));
  const normal = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const started = Date.now();
      const res = await env.pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${env.tg.projectKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sandbox-echo', messages: [{ role: 'user', content: `beside the loris ${i}` }] }) });
      await res.body.text();
      return { status: res.statusCode, ms: Date.now() - started };
    }),
  );
  expect(normal.every((n) => n.status === 200)).toBe(true);
  const results = await Promise.all(lorises);
  for (const r of results) {
    expect(r.closedByServer).toBe(true);
    expect(r.status).toBe(408);
    expect(isOpenAIErrorBody(JSON.parse(r.body))).toBe(true);
    // The timeout, plus Node's check interval (timeout / 4), plus slack for a loaded machine.
    expect(r.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + REQUEST_TIMEOUT_MS / 4 + 3_000);
  }
  console.log(`[reliability] slow loris: ${results.length} connections cut at ${results.map((r) => r.elapsedMs).join('/')} ms (timeout ${REQUEST_TIMEOUT_MS} ms) while ${normal.length} normal requests took max ${Math.max(...normal.map((n) => n.ms))} ms`);
  expect((await fetch(`${env.tg.baseUrl}/healthz`)).status).toBe(200);
}, 60_000);
