import { GatewayError, rateLimited } from '../openai/errors.js';
import type { Logger } from '../observability/logger.js';
import { MemoryRateLimiter, snapshotOf, type LimitSpec, type RateLimitSnapshot, type RateLimitStore } from '../spend/rate-limiter.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Fleet-wide token buckets in Redis: the same algorithm as the in-process limiter, run as one Lua
 * script so a take across several buckets is atomic and uses Redis' clock (replicas' clocks may
 * differ). When Redis is unreachable: `open` falls back to per-replica buckets, `closed` refuses.
 */

// KEYS: bucket keys. ARGV: capacity_1, need_1, capacity_2, need_2, …
// Returns {1, level_1, level_2, …} after taking, or {0, index, level} of the first short bucket.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local levels = {}
for i = 1, #KEYS do
  local cap = tonumber(ARGV[2 * i - 1])
  local need = tonumber(ARGV[2 * i])
  local h = redis.call('HMGET', KEYS[i], 't', 'at')
  local tokens = tonumber(h[1]) or cap
  local at = tonumber(h[2]) or now
  tokens = math.min(cap, tokens + math.max(0, now - at) * cap / 60000)
  if tokens < need then return {0, i, tostring(tokens)} end
  levels[i] = tokens
end
local out = {1}
for i = 1, #KEYS do
  local left = levels[i] - tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 't', tostring(left), 'at', now)
  redis.call('PEXPIRE', KEYS[i], 120000)
  out[i + 1] = tostring(left)
end
return out`;

// KEYS: tpm bucket keys. ARGV: capacity_i, delta_i (tokens to take; negative gives back).
const ADJUST = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  local cap = tonumber(ARGV[2 * i - 1])
  local h = redis.call('HMGET', KEYS[i], 't', 'at')
  local tokens = tonumber(h[1]) or cap
  local at = tonumber(h[2]) or now
  tokens = math.min(cap, tokens + math.max(0, now - at) * cap / 60000)
  redis.call('HSET', KEYS[i], 't', tostring(math.min(cap, tokens - tonumber(ARGV[2 * i]))), 'at', now)
  redis.call('PEXPIRE', KEYS[i], 120000)
end
return 1`;

export class RedisRateLimiter implements RateLimitStore {
  private readonly fallback = new MemoryRateLimiter();

  constructor(private readonly redis: RedisConnection, private readonly log: Logger, private readonly failureMode: 'open' | 'closed') {}

  async take(specs: readonly LimitSpec[], tokens: number): Promise<RateLimitSnapshot | null> {
    const buckets = bucketsOf(specs, tokens);
    if (buckets.length === 0) return null;
    let result: Array<string | number>;
    try {
      result = (await this.redis.client.eval(TAKE, buckets.length, ...buckets.map((b) => `nm:rl:${b.key}`), ...buckets.flatMap((b) => [b.capacity, b.need]))) as Array<string | number>;
    } catch (err) {
      return this.degraded(err, () => this.fallback.take(specs, tokens));
    }
    if (Number(result[0]) === 0) {
      const b = buckets[Number(result[1]) - 1]!;
      const level = Number(result[2]);
      const waitMs = ((b.need - level) * 60_000) / b.capacity;
      throw rateLimited(`Rate limit reached for ${b.key.replace(/:(rpm|tpm)$/, '')}: ${b.capacity} ${b.kind} per minute (all replicas). Try again in ${Math.ceil(waitMs / 1000)} s.`, Math.max(1, Math.ceil(waitMs / 1000)));
    }
    return snapshotOf(buckets.map((b, i) => ({ capacity: b.capacity, tokens: Number(result[i + 1]), kind: b.kind })));
  }

  async adjustTokens(specs: readonly LimitSpec[], delta: number): Promise<void> {
    const tpm = specs.filter((s) => s.tpm);
    if (delta === 0 || tpm.length === 0) return;
    try {
      await this.redis.client.eval(ADJUST, tpm.length, ...tpm.map((s) => `nm:rl:${s.id}:tpm`), ...tpm.flatMap((s) => [s.tpm as number, delta]));
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'rate-limit adjust skipped: redis unavailable');
    }
  }

  private async degraded(err: unknown, local: () => Promise<RateLimitSnapshot | null>): Promise<RateLimitSnapshot | null> {
    if (this.failureMode === 'closed') {
      throw new GatewayError({ status: 503, type: 'api_error', code: 'rate_limit_unavailable', message: 'Rate limits cannot be checked right now (the shared store is unavailable); try again shortly.', retryable: true, retryAfterSeconds: 1 });
    }
    this.log.warn({ err: (err as Error).message }, 'rate limits falling back to this replica: redis unavailable');
    return local();
  }
}

interface Bucket {
  key: string;
  capacity: number;
  need: number;
  kind: 'requests' | 'tokens';
}

function bucketsOf(specs: readonly LimitSpec[], tokens: number): Bucket[] {
  const out: Bucket[] = [];
  for (const s of specs) {
    if (s.rpm) out.push({ key: `${s.id}:rpm`, capacity: s.rpm, need: 1, kind: 'requests' });
    if (s.tpm) out.push({ key: `${s.id}:tpm`, capacity: s.tpm, need: Math.min(tokens, s.tpm), kind: 'tokens' });
  }
  return out;
}
