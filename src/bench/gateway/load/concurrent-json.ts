import autocannon from 'autocannon';
import type { BenchTarget } from '../bench-target.js';
import type { LoadResult } from './load-result.js';

/**
 * Concurrency N, non-streaming, closed loop: autocannon keeps N keep-alive connections busy for
 * the duration. A body function is called per request (unique bodies: every request a cache
 * miss); a string is sent as is (every request after the first a cache hit). autocannon's own
 * idReplacement is not used: its Content-Length assumes 27-character ids, which its hyperid no
 * longer produces, so the server waits for bytes that never come.
 */
export async function concurrentJson(target: BenchTarget, body: string | ((n: number) => string), concurrency: number, durationMs: number): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url: `${target.origin}${target.path}`,
    connections: concurrency,
    duration: durationMs / 1000,
    // autocannon stops only on a sample tick: tick at least as often as the run is long.
    sampleInt: Math.min(1000, Math.max(50, durationMs)),
    pipelining: 1,
    timeout: 30,
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    ...(typeof body === 'string' ? { body } : { requests: [{ setupRequest: (req) => ({ ...req, body: body(n++) }) }] }),
  });
  const ok = result['2xx'];
  // A run that completed nothing is a failure of the run, not a fast target.
  const errors = result.non2xx + result.errors + result.timeouts + (ok === 0 && result.non2xx === 0 ? 1 : 0);
  const statuses = Object.entries(result.statusCodeStats)
    .filter(([status]) => status !== '200')
    .map(([status, s]) => `${s.count} × HTTP ${status}`);
  return {
    ok,
    errors,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ...(errors > 0 ? { firstError: [...statuses, `${result.errors} socket errors`, `${result.timeouts} timeouts`, `${result.requests.sent} sent`].join(', ') } : {}),
  };
}
