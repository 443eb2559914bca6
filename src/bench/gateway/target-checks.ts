import { Pool, request } from 'undici';
import type { BenchSettings } from './bench-settings.js';
import type { BenchTarget } from './bench-target.js';
import { chatRequestBody } from './bench-wire.js';
import { concurrentJson } from './load/concurrent-json.js';
import { closedLoopStreams, oneStream } from './load/stream-client.js';

/** Before measuring: prove each target answers both shapes, warm it up, and warm the cache. */

async function post(target: BenchTarget, body: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const res = await request(`${target.origin}${target.path}`, { method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** One non-streaming and one streaming request must succeed, or the target is misconfigured. */
export async function checkTarget(target: BenchTarget, tag: string): Promise<void> {
  const json = await post(target, chatRequestBody(`${tag} check`, false));
  if (json.status !== 200) throw new Error(`${target.name}: HTTP ${json.status} to a chat request: ${json.text.slice(0, 500)}`);
  const pool = new Pool(target.origin, { connections: 1 });
  try {
    const stream = await oneStream(pool, target, chatRequestBody(`${tag} check`, true));
    if (!stream.ok) throw new Error(`${target.name}: streaming request failed: ${stream.error ?? 'unknown'}`);
  } finally {
    await pool.close();
  }
}

/** JIT-warms the target's hot path with both shapes (not measured). */
export async function warmUp(target: BenchTarget, s: BenchSettings, tag: string): Promise<void> {
  await concurrentJson(target, (n) => chatRequestBody(`${tag} warm-json ${n}`, false), s.concurrency, s.warmupMs / 2);
  await closedLoopStreams(target, (n) => chatRequestBody(`${tag} warm-stream ${n}`, true), s.concurrency, s.warmupMs / 2);
}

/**
 * Sends the cached request twice; on a gateway the second answer must be an exact-cache hit.
 * Returns a note when it was not (the scenario then measures something else, and says so).
 */
export async function warmCache(target: BenchTarget, body: string): Promise<string | null> {
  const first = await post(target, body);
  if (first.status !== 200) return `${target.name}: warming request failed with HTTP ${first.status}`;
  const second = await post(target, body);
  if (target.name === 'direct' || target.name === 'node-floor' || target.name === 'portkey') return null;
  const status = second.headers['x-nextmodel-cache'];
  return status === 'HIT' ? null : `${target.name}: second identical request was ${String(status)}, not a cache HIT`;
}
