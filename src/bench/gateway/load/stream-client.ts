import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { BenchTarget } from '../bench-target.js';
import { LoadRecorder, type LoadResult } from './load-result.js';

/**
 * Streaming load (autocannon cannot see inside a response): undici keep-alive connections, each
 * stream timed from the request to its first content chunk (TTFT) and to its end. A stream counts
 * as complete only with HTTP 200 and `data: [DONE]`.
 */

// A content delta with at least one character; the role chunk carries "content":"".
const FIRST_CONTENT = /"content":\s*"[^"]/;

export interface StreamOutcome {
  ok: boolean;
  ttftMs: number;
  totalMs: number;
  error?: string;
}

export async function oneStream(pool: Pool, target: BenchTarget, body: string, signal?: AbortSignal): Promise<StreamOutcome> {
  const t0 = performance.now();
  let ttftMs = Number.NaN;
  try {
    const res = await pool.request({ path: target.path, method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body, ...(signal ? { signal } : {}) });
    if (res.statusCode !== 200) {
      const text = await res.body.text();
      return { ok: false, ttftMs, totalMs: performance.now() - t0, error: `HTTP ${res.statusCode}: ${text.slice(0, 300)}` };
    }
    // Events can straddle chunks: keep a short tail of the previous chunk in front of the next.
    let tail = '';
    for await (const chunk of res.body) {
      const text = tail + (chunk as Buffer).toString('utf8');
      if (Number.isNaN(ttftMs) && FIRST_CONTENT.test(text)) ttftMs = performance.now() - t0;
      tail = text.slice(-64);
    }
    const totalMs = performance.now() - t0;
    if (!tail.includes('data: [DONE]')) return { ok: false, ttftMs, totalMs, error: 'stream ended without data: [DONE]' };
    if (Number.isNaN(ttftMs)) return { ok: false, ttftMs, totalMs, error: 'stream carried no content' };
    return { ok: true, ttftMs, totalMs };
  } catch (err) {
    return { ok: false, ttftMs, totalMs: performance.now() - t0, error: (err as Error).message };
  }
}

function record(rec: LoadRecorder, o: StreamOutcome): void {
  if (o.ok) rec.success(o.totalMs, o.ttftMs);
  else rec.failure(o.error ?? 'stream failed');
}

/** `concurrency` workers, each starting a new stream when its last one ends, for `durationMs`. */
export async function closedLoopStreams(target: BenchTarget, body: (n: number) => string, concurrency: number, durationMs: number): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  const rec = new LoadRecorder();
  const start = performance.now();
  let n = 0;
  const worker = async () => {
    while (performance.now() - start < durationMs) record(rec, await oneStream(pool, target, body(n++)));
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return rec.result((performance.now() - start) / 1000);
}

/**
 * `count` streams opened evenly over `rampMs` and held open together (the mock paces them);
 * any stream still running after `timeoutMs` is aborted and counted as failed.
 */
export async function openStreams(target: BenchTarget, body: (n: number) => string, count: number, rampMs: number, timeoutMs: number): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: count, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const rec = new LoadRecorder();
  const signal = AbortSignal.timeout(timeoutMs);
  // Every open stream listens on this one signal.
  setMaxListeners(count + 10, signal);
  const start = performance.now();
  const streams: Array<Promise<void>> = [];
  try {
    for (let i = 0; i < count; i++) {
      const due = start + (i * rampMs) / count;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      streams.push(oneStream(pool, target, body(i), signal).then((o) => record(rec, o)));
    }
    await Promise.all(streams);
  } finally {
    await pool.destroy();
  }
  return rec.result((performance.now() - start) / 1000);
}
