import autocannon from 'autocannon';
import type { BenchTarget } from '../bench-target.js';
import type { LoadResult } from './load-result.js';

/**
 * Concurrency N, non-streaming, closed loop: autocannon keeps N keep-alive connections busy for
 * the duration. A body containing `[<id>]` gets a fresh unique id per request (every request a
 * cache miss); a body without it is sent as is (every request after the first a cache hit).
 */
export async function concurrentJson(target: BenchTarget, body: string, concurrency: number, durationMs: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${target.origin}${target.path}`,
    connections: concurrency,
    duration: durationMs / 1000,
    pipelining: 1,
    timeout: 30,
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body,
    idReplacement: body.includes('[<id>]'),
  });
  const ok = result['2xx'];
  const errors = result.non2xx + result.errors + result.timeouts;
  const statuses = Object.entries(result.statusCodeStats)
    .filter(([status]) => status !== '200')
    .map(([status, s]) => `${s.count} × HTTP ${status}`);
  return {
    ok,
    errors,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ...(errors > 0 ? { firstError: [...statuses, `${result.errors} socket errors`, `${result.timeouts} timeouts`].join(', ') } : {}),
  };
}
