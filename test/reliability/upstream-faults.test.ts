import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { closedPort, FaultUpstream, type Fault } from './support/fault-upstream.js';
import { fetchReceipt, isOpenAIErrorBody, rawPost, sdkClient, sseData } from './support/reliability-client.js';

/**
 * Upstream faults (SPEC §4, §5.3, §6, §8), each for JSON and for streaming, through the official
 * `openai` SDK: what the client sees (an OpenAI error, or a final SSE chunk with an `error` object
 * and finish_reason "error"), what the receipt says (status, error_code, charged 0), that nothing
 * was cached (the next identical request goes upstream), that no request outlives its timeout
 * budget, and that /healthz still answers. Then the same faults behind a fallback route: the next
 * candidate answers unless the stream had already started. Fault patterns already covered
 * elsewhere (fallback on 500/hang, breaker, cut stream not cached) are extended here, not
 * repeated: every fault × both modes × receipt + cache + timing + health.
 */

const TIMEOUT_MS = 400;
/**
 * undici arms its socket timeouts on a coarse clock (lib/util/timers.js, ticks of ~0.5 s), so a
 * 400 ms timeout fires within about 0.4–1.4 s.
 */
const UNDICI_TICK_MS = 1_000;
/** Worst case for one request: two attempts that each time out, the 429 retry-after (1 s), the 250 ms backoff, plus slack for a loaded CI box. */
const BOUND_MS = 2 * (TIMEOUT_MS + UNDICI_TICK_MS) + 1_000 + 250 + 2_500;

type Phase = 'before' | 'during';
interface Expect {
  status: number;
  code: string;
  /** Streaming only: whether the failure comes before the stream starts (plain error) or during it (final error chunk). */
  phase?: Phase;
  message?: RegExp;
}
interface FaultCase {
  name: Fault | 'connection_refused';
  json: Expect;
  stream: Expect & { phase: Phase };
}

const CASES: FaultCase[] = [
  { name: 'http_500', json: { status: 502, code: 'upstream_error', message: /openai: HTTP 500/ }, stream: { status: 502, code: 'upstream_error', phase: 'before' } },
  { name: 'http_429', json: { status: 429, code: 'rate_limit_exceeded', message: /Rate limit reached/ }, stream: { status: 429, code: 'rate_limit_exceeded', phase: 'before' } },
  { name: 'connection_refused', json: { status: 502, code: 'upstream_error', message: /ECONNREFUSED/ }, stream: { status: 502, code: 'upstream_error', phase: 'before' } },
  { name: 'reset_mid_body', json: { status: 502, code: 'upstream_error' }, stream: { status: 502, code: 'upstream_error', phase: 'during' } },
  { name: 'hang_before_headers', json: { status: 504, code: 'upstream_timeout' }, stream: { status: 504, code: 'upstream_timeout', phase: 'before' } },
  { name: 'hang_mid_body', json: { status: 504, code: 'upstream_timeout' }, stream: { status: 504, code: 'upstream_timeout', phase: 'during' } },
  { name: 'malformed_json', json: { status: 502, code: 'upstream_error', message: /not valid JSON/ }, stream: { status: 502, code: 'upstream_error', phase: 'during', message: /not valid JSON/ } },
  { name: 'truncated', json: { status: 502, code: 'upstream_error' }, stream: { status: 502, code: 'upstream_error', phase: 'during', message: /ended before the response was complete/ } },
  { name: 'sse_error_event', json: { status: 502, code: 'upstream_error' }, stream: { status: 502, code: 'upstream_error', phase: 'during', message: /overloaded/ } },
  { name: 'error_body_200', json: { status: 502, code: 'upstream_error', message: /quota exhausted/ }, stream: { status: 502, code: 'upstream_error', phase: 'before', message: /quota exhausted/ } },
];

let upstream: FaultUpstream;
let backup: FaultUpstream;
let tg: TestGateway;
const figures = { requests: 0, faultsInjected: 0, receiptsChecked: 0, maxElapsedMs: 0 };

beforeAll(async () => {
  upstream = new FaultUpstream();
  backup = new FaultUpstream(() => ({ kind: 'ok', script: { content: 'backup answer', usage: { prompt_tokens: 20, completion_tokens: 4 } } }));
  const [url, backupUrl, refused] = await Promise.all([upstream.start(), backup.start(), closedPort()]);
  tg = await startTestGateway({
    providers: {
      openai: { api_key: 'sk-test-faults-0123456789abcdef', base_url: url, timeout_ms: TIMEOUT_MS },
      deepseek: { api_key: 'sk-test-refused-0123456789abcd', base_url: `http://127.0.0.1:${refused}/v1`, timeout_ms: TIMEOUT_MS },
      mistral: { api_key: 'sk-test-backup-0123456789abcdef', base_url: backupUrl, timeout_ms: TIMEOUT_MS },
    },
    // Every case must reach the upstream: keep the circuit breaker out of the way.
    routing: { breaker_threshold: 1000 },
  });
}, 30_000);
afterAll(async () => {
  await tg?.close();
  await upstream?.stop();
  await backup?.stop();
  console.log(`[reliability] upstream faults: ${figures.requests} requests, ${figures.faultsInjected} faults injected, ${figures.receiptsChecked} receipts checked, slowest failing request ${figures.maxElapsedMs} ms (bound ${BOUND_MS} ms, upstream timeout ${TIMEOUT_MS} ms)`);
});

const modelFor = (c: FaultCase) => (c.name === 'connection_refused' ? 'deepseek-flash' : 'gpt-5.5');
const inject = (c: FaultCase) => {
  if (c.name !== 'connection_refused') {
    const fault = c.name;
    upstream.set(() => {
      figures.faultsInjected++;
      return { kind: 'fault', fault };
    });
  }
};
const heal = () => upstream.set(() => ({ kind: 'ok' }));

async function cacheEntries(): Promise<number> {
  const row = await tg.gateway.services.db.selectFrom('cache_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function expectHealthy() {
  const res = await fetch(`${tg.baseUrl}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
}

async function expectFailureReceipt(receiptId: string | null | undefined, want: Expect, stream: boolean) {
  expect(receiptId, 'the failure names its receipt').toMatch(/^rcpt_/);
  const { status, receipt } = await fetchReceipt(tg, receiptId as string);
  expect(status).toBe(200);
  expect(receipt.status).toBe(want.status);
  expect(receipt.error_code).toBe(want.code);
  expect(Number(receipt.charged_inr)).toBe(0);
  expect(receipt.stream).toBe(stream);
  expect(receipt.serve_mode).toBe('fresh');
  if (stream && want.phase === 'during') expect(receipt.finish_reason).toBe('error');
  figures.receiptsChecked++;
  return receipt;
}

/** After a failure, the identical request is not a cache hit: it goes upstream. */
async function expectNotCached(c: FaultCase, content: string, stream: boolean, entriesBefore: number) {
  expect(await cacheEntries()).toBe(entriesBefore);
  if (c.name === 'connection_refused') return; // that upstream cannot heal; the store count above is the proof
  heal();
  const mark = upstream.requests.length;
  const client = sdkClient(tg);
  figures.requests++;
  if (stream) {
    const { data, response } = await client.chat.completions.create({ model: modelFor(c), messages: [{ role: 'user', content }], stream: true }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('all good here');
    expect(response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
  } else {
    const { data, response } = await client.chat.completions.create({ model: modelFor(c), messages: [{ role: 'user', content }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('all good here');
    expect(response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(response.headers.get('x-nextmodel-cache')).toBe('MISS');
  }
  expect(upstream.since(mark)).toBe(1);
}

describe('each upstream fault, JSON and streaming: client view, receipt, no cache, bounded time, healthy after', () => {
  for (const c of CASES) {
    it(`${c.name} (JSON) → ${c.json.status} ${c.json.code}`, async () => {
      const content = `fault ${c.name} json ${Math.random()}`;
      const entries = await cacheEntries();
      inject(c);
      const client = sdkClient(tg);
      const started = Date.now();
      figures.requests++;
      const err = await client.chat.completions.create({ model: modelFor(c), messages: [{ role: 'user', content }] }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      figures.maxElapsedMs = Math.max(figures.maxElapsedMs, elapsed);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      const apiErr = err as InstanceType<typeof OpenAI.APIError>;
      expect(apiErr.status).toBe(c.json.status);
      expect(apiErr.code).toBe(c.json.code);
      expect(isOpenAIErrorBody({ error: apiErr.error })).toBe(true);
      if (c.json.message) expect(apiErr.message).toMatch(c.json.message);
      expect(apiErr.headers?.get('x-request-id')).toMatch(/^req_/);
      if (c.json.status === 429) expect(apiErr.headers?.get('retry-after')).toBe('1');
      expect(elapsed).toBeLessThan(BOUND_MS);
      const receipt = await expectFailureReceipt(apiErr.headers?.get('x-nextmodel-receipt-id'), c.json, false);
      // Retryable failures were retried once on the same (last) candidate; every attempt is on the receipt.
      expect(receipt.attempts.length).toBe(2);
      await expectNotCached(c, content, false, entries);
      await expectHealthy();
    });

    it(`${c.name} (stream) → ${c.stream.phase === 'before' ? `${c.stream.status} before the stream` : `final error chunk ${c.stream.code}`}`, async () => {
      const content = `fault ${c.name} stream ${Math.random()}`;
      const entries = await cacheEntries();
      inject(c);
      const client = sdkClient(tg);
      const started = Date.now();
      figures.requests++;
      let received = '';
      const outcome = await (async () => {
        const { data, response } = await client.chat.completions.create({ model: modelFor(c), messages: [{ role: 'user', content }], stream: true }).withResponse();
        try {
          for await (const chunk of data) received += chunk.choices[0]?.delta.content ?? '';
        } catch (e) {
          return { phase: 'during' as const, err: e, headers: response.headers };
        }
        return { phase: 'none' as const, err: null, headers: response.headers };
      })().catch((e: unknown) => ({ phase: 'before' as const, err: e, headers: (e as { headers?: Headers }).headers ?? new Headers() }));
      const elapsed = Date.now() - started;
      figures.maxElapsedMs = Math.max(figures.maxElapsedMs, elapsed);
      expect(outcome.phase).toBe(c.stream.phase);
      expect(outcome.err).toBeInstanceOf(OpenAI.APIError);
      const apiErr = outcome.err as InstanceType<typeof OpenAI.APIError>;
      expect(apiErr.code).toBe(c.stream.code);
      if (c.stream.message) expect(apiErr.message).toMatch(c.stream.message);
      expect(elapsed).toBeLessThan(BOUND_MS);
      const receiptId = outcome.headers.get('x-nextmodel-receipt-id');
      if (c.stream.phase === 'before') {
        expect(apiErr.status).toBe(c.stream.status);
      } else {
        // The exact frames on the wire (the SDK hides them): content relayed so far, then one chunk
        // with finish_reason "error", an OpenAI error object and our trailer, then [DONE].
        figures.requests++;
        const raw = await rawPost(tg, '/v1/chat/completions', { model: modelFor(c), messages: [{ role: 'user', content: `${content} raw` }], stream: true });
        expect(raw.status).toBe(200);
        const frames = sseData(raw.text);
        expect(frames.at(-1)).toBe('[DONE]');
        const final = JSON.parse(frames.at(-2) as string) as { choices: Array<{ finish_reason: string }>; error: unknown; nextmodel: { receipt_id: string; charged_inr: string } };
        expect(final.choices[0]!.finish_reason).toBe('error');
        expect(isOpenAIErrorBody({ error: final.error })).toBe(true);
        expect((final.error as { code: string }).code).toBe(c.stream.code);
        expect(final.nextmodel.receipt_id).toBe(raw.headers['x-nextmodel-receipt-id']);
        expect(Number(final.nextmodel.charged_inr)).toBe(0);
        await expectFailureReceipt(final.nextmodel.receipt_id, c.stream, true);
      }
      await expectFailureReceipt(receiptId, c.stream, true);
      await expectNotCached(c, content, true, entries);
      await expectHealthy();
    });
  }
});

describe('a live but trickling upstream (every gap under the timeout)', () => {
  // providers.*.timeout_ms is the whole call for a JSON answer, and the longest gap between
  // chunks for a stream (docs/configuration.md): a stream may legitimately run for minutes.
  it('JSON: the whole call is cut at the timeout (504), not after the last trickled byte', async () => {
    upstream.set(() => {
      figures.faultsInjected++;
      return { kind: 'trickle', gapMs: TIMEOUT_MS / 2 };
    });
    const client = sdkClient(tg);
    const started = Date.now();
    figures.requests++;
    const err = await client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: `trickle ${Math.random()}` }] }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    figures.maxElapsedMs = Math.max(figures.maxElapsedMs, elapsed);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_timeout');
    expect(elapsed).toBeLessThan(BOUND_MS);
    await expectFailureReceipt((err as InstanceType<typeof OpenAI.APIError>).headers?.get('x-nextmodel-receipt-id'), { status: 504, code: 'upstream_timeout' }, false);
    heal();
    await expectHealthy();
  });

  it('stream: chunks keep arriving within the timeout, so the stream runs past it and completes', async () => {
    upstream.set(() => ({ kind: 'trickle', gapMs: TIMEOUT_MS / 2 }));
    const client = sdkClient(tg);
    const started = Date.now();
    figures.requests++;
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: `trickle stream ${Math.random()}` }], stream: true })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('a slow but steady answer arriving piece by piece');
    expect(Date.now() - started).toBeGreaterThan(TIMEOUT_MS * 3);
    heal();
  });
});

describe('the same faults behind a fallback route', () => {
  beforeAll(async () => {
    for (const [name, first] of [['faulty-openai', 'gpt-5.5'], ['faulty-deepseek', 'deepseek-flash']] as const) {
      const res = await adminCall(tg, 'PUT', `/v1/admin/projects/${tg.projectId}/routes/${name}`, { models: [first, 'mistral-small'], order: 'given' });
      expect(res.status).toBe(200);
    }
  });

  for (const c of CASES) {
    for (const stream of [false, true]) {
      const switches = !stream || c.stream.phase === 'before';
      it(`${c.name} (${stream ? 'stream' : 'JSON'}): ${switches ? 'the next candidate answers' : 'the stream had started, so it ends with an error chunk and is not switched'}`, async () => {
        inject(c);
        const backupMark = backup.requests.length;
        const client = sdkClient(tg);
        const model = c.name === 'connection_refused' ? 'faulty-deepseek' : 'faulty-openai';
        const messages = [{ role: 'user' as const, content: `fallback ${c.name} ${stream} ${Math.random()}` }];
        const started = Date.now();
        figures.requests++;
        let text = '';
        let receiptId: string | null = null;
        let failed: unknown = null;
        if (stream) {
          const { data, response } = await client.chat.completions.create({ model, messages, stream: true }).withResponse();
          receiptId = response.headers.get('x-nextmodel-receipt-id');
          try {
            for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
          } catch (e) {
            failed = e;
          }
        } else {
          const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
          text = data.choices[0]!.message.content ?? '';
          receiptId = response.headers.get('x-nextmodel-receipt-id');
        }
        expect(Date.now() - started).toBeLessThan(BOUND_MS);
        const { receipt } = await fetchReceipt(tg, receiptId as string);
        figures.receiptsChecked++;
        if (switches) {
          expect(failed).toBeNull();
          expect(text).toBe('backup answer');
          expect(backup.since(backupMark)).toBe(1);
          expect(receipt.status).toBe(200);
          expect(receipt.attempts.at(-1)).toMatchObject({ provider: 'mistral', status: 200 });
          expect(receipt.attempts[0]).toMatchObject({ status: c.json.status, error_code: c.json.code });
          expect(Number(receipt.charged_inr)).toBeGreaterThan(0);
        } else {
          expect(failed).toBeInstanceOf(OpenAI.APIError);
          expect(backup.since(backupMark)).toBe(0);
          expect(receipt.status).toBe(c.stream.status);
          expect(Number(receipt.charged_inr)).toBe(0);
        }
        heal();
      });
    }
  }

  it('after every fault the process is healthy and serves normally', async () => {
    heal();
    await expectHealthy();
    const ready = await fetch(`${tg.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const client = sdkClient(tg);
    const ok = await client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'still alive?' }] });
    expect(ok.choices[0]!.message.content).toBe('all good here');
  });
});
