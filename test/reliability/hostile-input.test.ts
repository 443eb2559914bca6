import { afterAll, describe, expect, it } from 'vitest';
import { defineHostileSuite, HOSTILE_COUNT } from './support/hostile-suite.js';
import { rawExchange, type RawResponse } from './support/raw-http.js';
import { isOpenAIErrorBody } from './support/reliability-client.js';

/**
 * Hostile input against an in-process gateway (SPEC §4 errors), part 1 of 2: the first half of a
 * seeded generator of ≥ 10,000 malformed or adversarial requests (bad JSON, wrong types, deep
 * nesting, huge strings and arrays, oversized and chunked bodies, invalid UTF-8, NUL bytes, header
 * injection, bogus content types, unicode confusables in model names, prototype-pollution keys,
 * absurd numbers, bad auth, other routes) sent with undici at bounded concurrency; then requests
 * no client library can send, on raw sockets. Zero 5xx, zero crashes, every error OpenAI-shaped,
 * nothing reflected, no prototype pollution, nothing charged for a refused request, memory back
 * near its baseline. Part 2 (hostile-input-2.test.ts) runs the second half and the slow-loris test.
 *
 * Reproduce: NEXTMODEL_HOSTILE_SEED=<seed> NEXTMODEL_HOSTILE_COUNT=<total> npx vitest run test/reliability/hostile-input
 */

const env = defineHostileSuite('part 1', 0, Math.ceil(HOSTILE_COUNT / 2));

describe('requests no client library sends (raw sockets)', () => {
  const key = () => env.tg.projectKey;
  const body = '{"model":"sandbox-echo","messages":[{"role":"user","content":"raw"}]}';
  const post = (extraHeaders: string, payload = body) =>
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key()}\r\nContent-Type: application/json\r\nConnection: close\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
  const cases: Array<{ name: string; data: () => string | Buffer; status: number[] }> = [
    // llhttp reads a request line without a version as HTTP/0.9-style and the next line as a
    // header: the request reaches the route unauthenticated (401); nothing is reflected.
    { name: 'CRLF injected into the request line', data: () => `POST /v1/chat/completions\r\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, status: [400, 401] },
    { name: 'percent-encoded CRLF in the path', data: () => `GET /v1/receipts/%0d%0aSet-Cookie:%20x=1%0d%0aX-Injected:%201 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key()}\r\nConnection: close\r\n\r\n`, status: [404] },
    { name: 'obs-fold header continuation', data: () => post('X-Nextmodel-Tags: a\r\n X-Injected: 1\r\n'), status: [200, 400] },
    { name: 'NUL inside a header value', data: () => post('X-Nextmodel-Workload: a\u0000b\r\n'), status: [400] },
    { name: 'CR alone inside a header value', data: () => post('X-Nextmodel-Workload: a\rX-Injected: 1\r\n'), status: [400] },
    { name: 'Content-Length and Transfer-Encoding together (smuggling)', data: () => post('Transfer-Encoding: chunked\r\n'), status: [400] },
    { name: 'two different Content-Lengths', data: () => post('Content-Length: 3\r\n'), status: [400] },
    { name: 'invalid chunk size', data: () => `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key()}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, status: [400] },
    { name: 'negative Content-Length', data: () => `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n`, status: [400] },
    { name: 'headers over 16 KB', data: () => post(`X-Junk: ${'j'.repeat(20_000)}\r\n`), status: [431] },
    { name: 'invalid method token', data: () => `G@T /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, status: [400] },
    { name: 'space in a header name', data: () => post('Bad Header: x\r\n'), status: [400] },
    { name: 'absolute-form request target naming another host', data: () => post('').replace('POST /v1/chat/completions', 'POST http://evil.example/v1/chat/completions'), status: [200, 400, 404] },
    { name: 'HTTP/1.0 without Host', data: () => `GET /healthz HTTP/1.0\r\n\r\n`, status: [200] },
    { name: 'bare LF line endings', data: () => `GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n`, status: [200, 400] },
    { name: 'binary garbage', data: () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)), status: [400] },
    { name: 'TLS handshake on the plain port', data: () => Buffer.from('160301020001000100fc0303', 'hex'), status: [400] },
  ];
  const rawFigures = { sent: 0, answered: 0 };
  afterAll(() => console.log(`[reliability] raw sockets: ${rawFigures.sent} malformed HTTP requests on ${cases.length} shapes, ${rawFigures.answered} answered with the expected status`));

  for (const c of cases) {
    it(`${c.name} → ${c.status.join('/')}, OpenAI-shaped, nothing reflected`, async () => {
      // Each shape a few times, so a leak or a wedged parser state would show.
      for (let round = 0; round < 5; round++) {
        rawFigures.sent++;
        const res: RawResponse = await rawExchange(env.port, { data: c.data(), deadlineMs: 10_000 });
        expect(res.status, `round ${round}: ${JSON.stringify(res).slice(0, 300)}`).toBeGreaterThan(0);
        rawFigures.answered++;
        expect(c.status).toContain(res.status);
        expect(res.headers['x-injected']).toBeUndefined();
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['x-request-id']).toMatch(/^req_/);
        if (res.status >= 400) expect(isOpenAIErrorBody(JSON.parse(res.body))).toBe(true);
      }
    });
  }
});
