import { rateLimited } from '../openai/errors.js';

/**
 * Requests-per-minute and tokens-per-minute limits as token buckets (capacity = the per-minute
 * limit, refilled continuously), per project and per key. This in-process store serves a single
 * replica; a fleet shares buckets through Redis (issue 11) behind the same interface.
 */

export interface LimitSpec {
  /** e.g. 'project:proj_…' or 'key:key_…' */
  id: string;
  rpm: number | null;
  tpm: number | null;
}

export interface RateLimitSnapshot {
  limitRequests: number;
  remainingRequests: number;
  resetRequestsMs: number;
  limitTokens: number;
  remainingTokens: number;
  resetTokensMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_BUCKETS = 100_000;

/** Where buckets live: this process (one replica) or Redis (a fleet). */
export interface RateLimitStore {
  /** Takes one request and `tokens` from every applicable bucket, or none (429). */
  take(specs: readonly LimitSpec[], tokens: number): Promise<RateLimitSnapshot | null>;
  /** After the call: charge the difference between actual and estimated tokens. */
  adjustTokens(specs: readonly LimitSpec[], delta: number): Promise<void>;
}

/** The headers' view of a set of buckets: the tightest requests and tokens buckets. */
export function snapshotOf(levels: ReadonlyArray<{ capacity: number; tokens: number; kind: 'requests' | 'tokens' }>): RateLimitSnapshot {
  const tightest = (kind: 'requests' | 'tokens') => levels.filter((c) => c.kind === kind).sort((a, b) => a.tokens / a.capacity - b.tokens / b.capacity)[0];
  const r = tightest('requests');
  const t = tightest('tokens');
  const resetMs = (c: { capacity: number; tokens: number } | undefined) => (c ? Math.max(0, Math.ceil(((c.capacity - c.tokens) * 60_000) / c.capacity)) : 0);
  return {
    limitRequests: r?.capacity ?? 0,
    remainingRequests: r ? Math.max(0, Math.floor(r.tokens)) : 0,
    resetRequestsMs: resetMs(r),
    limitTokens: t?.capacity ?? 0,
    remainingTokens: t ? Math.max(0, Math.floor(t.tokens)) : 0,
    resetTokensMs: resetMs(t),
  };
}

export class MemoryRateLimiter implements RateLimitStore {
  async take(specs: readonly LimitSpec[], tokens: number): Promise<RateLimitSnapshot | null> {
    return this.takeNow(specs, tokens);
  }

  async adjustTokens(specs: readonly LimitSpec[], delta: number): Promise<void> {
    this.adjustNow(specs, delta);
  }

  private readonly buckets = new Map<string, Bucket>();

  private level(key: string, capacity: number, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: capacity, at: now };
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / 60_000);
      b.at = now;
    }
    return b;
  }

  /**
   * Takes one request and `tokens` estimated tokens from every applicable bucket, or none of them
   * (429 with the wait until enough refills). Returns the tightest limit's state for the headers.
   */
  takeNow(specs: readonly LimitSpec[], tokens: number, now = Date.now()): RateLimitSnapshot | null {
    const checks: Array<{ key: string; capacity: number; need: number; bucket: Bucket; kind: 'requests' | 'tokens' }> = [];
    for (const s of specs) {
      if (s.rpm) checks.push({ key: `${s.id}:rpm`, capacity: s.rpm, need: 1, bucket: this.level(`${s.id}:rpm`, s.rpm, now), kind: 'requests' });
      if (s.tpm) checks.push({ key: `${s.id}:tpm`, capacity: s.tpm, need: Math.min(tokens, s.tpm), bucket: this.level(`${s.id}:tpm`, s.tpm, now), kind: 'tokens' });
    }
    if (checks.length === 0) return null;
    for (const c of checks) {
      if (c.bucket.tokens < c.need) {
        const waitMs = ((c.need - c.bucket.tokens) * 60_000) / c.capacity;
        throw rateLimited(`Rate limit reached for ${c.key.replace(/:(rpm|tpm)$/, '')}: ${c.capacity} ${c.kind} per minute. Try again in ${Math.ceil(waitMs / 1000)} s.`, Math.max(1, Math.ceil(waitMs / 1000)));
      }
    }
    for (const c of checks) c.bucket.tokens -= c.need;
    return snapshotOf(checks.map((c) => ({ capacity: c.capacity, tokens: c.bucket.tokens, kind: c.kind })));
  }

  /** After the call: charge the difference between actual and estimated tokens (may go negative: debt). */
  adjustNow(specs: readonly LimitSpec[], delta: number, now = Date.now()): void {
    if (delta === 0) return;
    for (const s of specs) {
      if (!s.tpm) continue;
      const b = this.level(`${s.id}:tpm`, s.tpm, now);
      b.tokens = Math.min(s.tpm, b.tokens - delta);
    }
  }
}

/** OpenAI's duration format for reset headers: "1s", "6m0s", "120ms". */
export function formatResetDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
