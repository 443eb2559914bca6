import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../src/bench/cachesafety/prng.js';
import { adminCall, startTestGateway, type TestGateway } from '../../support/test-gateway.js';
import { FaultUpstream } from './fault-upstream.js';
import { CATEGORIES, generateHostile, type Category, type GeneratorContext, type HostileRequest } from './hostile-requests.js';
import { forceGc, sampleSelf } from './memory.js';
import { isOpenAIErrorBody } from './reliability-client.js';

/**
 * The hostile-input run, shared by the two hostile-input test files (each takes half of the
 * requests, so the two halves run on both cores and each file stays well under a minute).
 *
 * Request i is generated from its own PRNG stream (seed ^ i), so a failure report names the seed
 * and index that rebuild exactly that request.
 */

export const HOSTILE_SEED = Number(process.env.NEXTMODEL_HOSTILE_SEED ?? 20_260_807);
/** Total over both files; at least 10,000 by default. */
export const HOSTILE_COUNT = Number(process.env.NEXTMODEL_HOSTILE_COUNT ?? 10_000);
export const CONCURRENCY = 16;
export const BODY_LIMIT = 512 * 1024;
export const REQUEST_TIMEOUT_MS = 2_000;

export interface HostileEnv {
  tg: TestGateway;
  pool: Pool;
  port: number;
}

interface Tally {
  ms: number;
  sent: number;
  ok2xx: number;
  err4xx: number;
  err5xx: number;
  transport: number;
}
const emptyTally = (): Tally => ({ ms: 0, sent: 0, ok2xx: 0, err4xx: 0, err5xx: 0, transport: 0 });

/** Starts the gateway under test and defines the generated-request tests for [from, from + count). */
export function defineHostileSuite(label: string, from: number, count: number): HostileEnv {
  const env = {} as HostileEnv;
  let upstream: FaultUpstream;
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  const tallies = Object.fromEntries(CATEGORIES.map((c) => [c, emptyTally()])) as Record<Category, Tally>;
  const failures: string[] = [];
  const fail = (i: number, r: HostileRequest, why: string) => {
    if (failures.length < 25) failures.push(`#${i} [${r.category}] ${r.note}: ${why}`);
    else if (failures.length === 25) failures.push('…');
  };

  beforeAll(async () => {
    // The OpenAI-wire catalog models the confusable generator imitates are configured (against a
    // healthy loopback mock), so a lookalike that wrongly resolved would be served and caught;
    // Anthropic is left unconfigured, so a wrongly resolved Claude lookalike is a 503, also caught.
    upstream = new FaultUpstream();
    const url = await upstream.start();
    const providers = Object.fromEntries(['openai', 'deepseek'].map((p) => [p, { api_key: `sk-test-hostile-${p}-0123456789`, base_url: url }]));
    env.tg = await startTestGateway({ server: { body_limit_bytes: BODY_LIMIT, request_timeout_ms: REQUEST_TIMEOUT_MS }, providers });
    env.port = (env.tg.gateway.app.server.address() as AddressInfo).port;
    env.pool = new Pool(env.tg.baseUrl, { connections: CONCURRENCY, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
    // A hard budget, so every accepted request also goes through the reservation path.
    const budget = await adminCall(env.tg, 'PATCH', `/v1/admin/projects/${env.tg.projectId}`, { budget: { daily_inr: '1000000', mode: 'hard' } });
    expect(budget.status).toBe(200);
  }, 30_000);
  afterAll(async () => {
    await env.pool?.close();
    await env.tg?.close();
    await upstream?.stop();
  });

  const requestAt = (ctx: GeneratorContext, i: number) => generateHostile(prng((HOSTILE_SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0), ctx);

  async function send(i: number, r: HostileRequest): Promise<void> {
    const t = tallies[r.category];
    t.sent++;
    const started = Date.now();
    try {
      await sendAndCheck(i, r, t);
    } finally {
      t.ms += Date.now() - started;
    }
  }

  async function sendAndCheck(i: number, r: HostileRequest, t: Tally): Promise<void> {
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const body = r.body === undefined ? undefined : r.chunked ? Readable.from(inPieces(r.body)) : r.body;
      const res = await env.pool.request({ method: r.method, path: r.path, headers: r.headers, ...(body === undefined ? {} : { body }) });
      status = res.statusCode;
      headers = res.headers;
      text = await res.body.text();
    } catch (err) {
      t.transport++;
      // A body far over the limit may still be uploading when the server has answered 413 and
      // closed: the client sees the reset instead of the answer. Anything else is a failure.
      if (r.category !== 'oversized') fail(i, r, `transport error ${(err as Error).message}`);
      return;
    }
    if (status >= 500) {
      t.err5xx++;
      return fail(i, r, `${status} ${text.slice(0, 300)}`);
    }
    if (status >= 400) t.err4xx++;
    else if (status >= 200 && status < 300) t.ok2xx++;
    const e = r.expect;
    if (e.kind === 'valid' && (status < 200 || status >= 300)) return fail(i, r, `expected 2xx, got ${status} ${text.slice(0, 300)}`);
    if (e.kind === 'invalid') {
      if (status < 400) return fail(i, r, `expected 4xx, got ${status}`);
      if (e.status && !e.status.includes(status)) return fail(i, r, `expected ${e.status.join('/')}, got ${status} ${text.slice(0, 200)}`);
    }
    if (status < 200 || (status >= 300 && status < 400)) return fail(i, r, `unexpected status ${status}`);
    if (!String(headers['x-request-id'] ?? '').startsWith('req_')) return fail(i, r, `x-request-id ${String(headers['x-request-id'])}`);
    if (r.headers['x-request-id'] && headers['x-request-id'] === r.headers['x-request-id']) return fail(i, r, 'echoed the client request id');
    for (const name of Object.keys(headers)) if (name.includes('injected') || name === 'set-cookie') return fail(i, r, `response header ${name}`);
    if (r.method === 'HEAD') return;
    if (status >= 400) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return fail(i, r, `error body is not JSON: ${text.slice(0, 200)}`);
      }
      if (!isOpenAIErrorBody(parsed)) return fail(i, r, `error body not OpenAI-shaped: ${text.slice(0, 200)}`);
      if (e.kind === 'invalid' && e.code && parsed.error.code !== e.code) return fail(i, r, `code ${String(parsed.error.code)}, expected ${e.code}`);
      return;
    }
    if (r.path !== '/v1/chat/completions') return;
    if (r.category === 'confusable_models' && e.kind === 'invalid') return fail(i, r, `a confusable model name was served by ${String(headers['x-nextmodel-model'])}`);
    if (String(headers['content-type']).startsWith('text/event-stream')) {
      if (!r.stream) return fail(i, r, 'an event stream nobody asked for');
      if (!text.endsWith('data: [DONE]\n\n')) return fail(i, r, 'stream did not end with [DONE]');
      if (text.includes('"finish_reason":"error"')) return fail(i, r, 'stream ended in an error chunk');
      return;
    }
    let body: { object?: string };
    try {
      body = JSON.parse(text) as { object?: string };
    } catch {
      return fail(i, r, `2xx body is not JSON: ${text.slice(0, 200)}`);
    }
    if (body.object !== 'chat.completion') return fail(i, r, `2xx body is not a chat.completion: ${text.slice(0, 200)}`);
  }

  async function runAll(ctx: GeneratorContext, start: number, n: number): Promise<void> {
    let next = start;
    const end = start + n;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < end) {
          const i = next++;
          await send(i, requestAt(ctx, i));
        }
      }),
    );
  }

  describe(`hostile input ${label}`, () => {
    it(`requests #${from}…#${from + count - 1} of seed ${HOSTILE_SEED}: zero 5xx, every error OpenAI-shaped, memory back near baseline`, async () => {
      const own = await env.pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${env.tg.projectKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'seed receipt' }] }) });
      await own.body.text();
      const ctx: GeneratorContext = { projectKey: env.tg.projectKey, adminKey: env.tg.adminKey, bodyLimit: BODY_LIMIT, ownReceiptId: String(own.headers['x-nextmodel-receipt-id']) };

      // Warm-up from a different stream (JIT, pools, compiled schemas), then the baseline.
      await runAll(ctx, 1_000_000 + from, 300);
      env.tg.gateway.services.cache.clearMemory();
      forceGc();
      const baseline = sampleSelf();
      for (const t of Object.values(tallies)) Object.assign(t, emptyTally());
      failures.length = 0;

      const started = Date.now();
      const cpuBefore = process.cpuUsage();
      await runAll(ctx, from, count);
      const elapsed = Date.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = Math.round((cpu.user + cpu.system) / 1000);

      forceGc();
      const afterRun = sampleSelf();
      env.tg.gateway.services.cache.clearMemory();
      forceGc();
      const afterClear = sampleSelf();

      const total = Object.values(tallies).reduce((a, t) => ({ ms: a.ms + t.ms, sent: a.sent + t.sent, ok2xx: a.ok2xx + t.ok2xx, err4xx: a.err4xx + t.err4xx, err5xx: a.err5xx + t.err5xx, transport: a.transport + t.transport }), emptyTally());
      const row = (name: string, t: Tally) => `  ${name.padEnd(20)} sent ${String(t.sent).padStart(5)}  2xx ${String(t.ok2xx).padStart(5)}  4xx ${String(t.err4xx).padStart(5)}  5xx ${t.err5xx}  transport ${t.transport}`;
      console.log(
        [
          `[reliability] hostile input ${label}: seed ${HOSTILE_SEED}, requests #${from}…#${from + count - 1}: ${total.sent} in ${elapsed} ms (${cpuMs} ms CPU, client and gateway in one process) at concurrency ${CONCURRENCY}, body limit ${BODY_LIMIT} B`,
          ...CATEGORIES.map((c) => row(c, tallies[c])),
          row('total', total),
          `  memory: baseline heap ${baseline.heapUsedMb} MB / rss ${baseline.rssMb} MB; after the run heap ${afterRun.heapUsedMb} MB / rss ${afterRun.rssMb} MB; after dropping the memory cache layer heap ${afterClear.heapUsedMb} MB / rss ${afterClear.rssMb} MB`,
        ].join('\n'),
      );

      expect(failures, failures.join('\n')).toEqual([]);
      expect(total.sent).toBe(count);
      expect(total.err5xx).toBe(0);
      for (const c of CATEGORIES) expect(tallies[c].sent, `category ${c} was exercised`).toBeGreaterThan(0);
      expect((await fetch(`${env.tg.baseUrl}/healthz`)).status).toBe(200);
      // The process is the gateway: its heap returns near where it started (the exact cache's
      // memory layer is bounded and dropped first; the SQL store is on disk).
      expect(afterClear.heapUsedMb - baseline.heapUsedMb).toBeLessThan(48);
      // RSS only shrinks when the allocator returns pages; a loose bound still catches real leaks.
      expect(afterClear.rssMb - baseline.rssMb).toBeLessThan(400);
    }, 180_000);

    it('no prototype was polluted and nothing refused was charged', async () => {
      expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(protoBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'stream')).toBe(false);
      const charged = await env.tg.gateway.services.db
        .selectFrom('receipts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '>=', 400)
        .where('charged_uinr', '<>', 0)
        .executeTakeFirstOrThrow();
      expect(Number(charged.n)).toBe(0);
    });
  });
  return env;
}

function* inPieces(body: Buffer): Generator<Buffer> {
  for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
}
