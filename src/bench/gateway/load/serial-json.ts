import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { BenchTarget } from '../bench-target.js';
import { LoadRecorder, type LoadResult } from './load-result.js';

/**
 * Concurrency 1, non-streaming: one keep-alive connection, one request at a time, each timed with
 * the high-resolution clock (autocannon's histogram rounds to whole ms, too coarse for a 0.5 ms
 * added-latency goal).
 */
export async function serialJson(target: BenchTarget, body: (n: number) => string, durationMs: number): Promise<LoadResult> {
  const pool = new Pool(target.origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  const rec = new LoadRecorder();
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const start = performance.now();
  try {
    for (let n = 0; performance.now() - start < durationMs; n++) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ origin: target.origin, path: target.path, method: 'POST', headers, body: body(n) });
        const text = await res.body.text();
        if (res.statusCode === 200) rec.success(performance.now() - t0);
        else rec.failure(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
      } catch (err) {
        rec.failure((err as Error).message);
      }
    }
  } finally {
    await pool.close();
  }
  return rec.result((performance.now() - start) / 1000);
}
