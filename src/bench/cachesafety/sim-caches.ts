import { canonicalCacheRequest, type CacheScope } from '../../cache/cache-key.js';
import { cacheKeysFor } from '../../cache/exact-cache.js';
import { isTimeSensitive } from '../../cache/time-sensitive.js';
import type { ChatMessage, ChatRequest } from '../../openai/chat-request.js';
import type { Scope } from './case-schema.js';
import type { TfIdf } from './lexical.js';

/**
 * In-memory caches the bench replays requests through. `exact` and `canonical` use the
 * gateway's own key code (cacheKeysFor) and TTL rules, so the bench measures what ships.
 */

export interface CachedItem {
  id: string;
  scope: Scope;
  atMs: number;
  request: ChatRequest;
  /** Ground truth; only the oracle may read it. */
  answerClass: string;
}

export type Layer = 'exact' | 'canonical' | 'lexical' | 'oracle';
export interface Lookup {
  entry: CachedItem;
  layer: Layer;
  similarity?: number;
}

export interface SimCache {
  lookup(r: CachedItem): Lookup | null;
  store(r: CachedItem): void;
}

export interface SimContext {
  provider: string;
  upstreamModel: string;
  /** Gateway TTLs (config cache.ttl_seconds and cache.time_sensitive_ttl_seconds). */
  ttlS: number;
  timeSensitiveTtlS: number;
  /** How long an answer stays true (the oracle's validity window). */
  validityS: number;
  vectorizer(variant: 'full' | 'lastmsg'): TfIdf;
}

export const gatewayScope = (ctx: SimContext, scope: Scope): CacheScope => ({ projectId: scope.tenant, provider: ctx.provider, upstreamModel: ctx.upstreamModel });

/** The gateway's verified exact cache, optionally with its canonical layer (SPEC §5). */
export class KeyedCache implements SimCache {
  private readonly entries = new Map<string, { item: CachedItem; expiresMs: number }>();
  constructor(private readonly ctx: SimContext, private readonly withCanonical: boolean) {}

  private ttlMs(req: ChatRequest): number {
    return (isTimeSensitive(req) ? Math.min(this.ctx.ttlS, this.ctx.timeSensitiveTtlS) : this.ctx.ttlS) * 1000;
  }

  lookup(r: CachedItem): Lookup | null {
    for (const key of cacheKeysFor(r.request, gatewayScope(this.ctx, r.scope), this.withCanonical)) {
      // Keyed by the canonical bytes themselves: equal text is what the gateway requires, not equal hashes.
      const hit = this.entries.get(key.canonical);
      if (!hit) continue;
      if (r.atMs - hit.item.atMs > this.ttlMs(r.request) || r.atMs >= hit.expiresMs) continue;
      return { entry: hit.item, layer: key.kind };
    }
    return null;
  }

  store(r: CachedItem): void {
    const expiresMs = r.atMs + this.ttlMs(r.request);
    for (const key of cacheKeysFor(r.request, gatewayScope(this.ctx, r.scope), this.withCanonical)) this.entries.set(key.canonical, { item: r, expiresMs });
  }
}

function textOf(m: ChatMessage): string {
  const c = m.content;
  const parts = typeof c === 'string' ? [c] : Array.isArray(c) ? c.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')) : [];
  if (m.role === 'assistant') for (const call of m.tool_calls ?? []) parts.push(`${call.function.name}(${call.function.arguments})`);
  return parts.join(' ');
}

/** What a semantic cache embeds: the whole conversation, or (GPTCache/Portkey style) the last user message. */
export function embeddedText(req: ChatRequest, variant: 'full' | 'lastmsg'): string {
  if (variant === 'full') return req.messages.map((m) => `${m.role}: ${textOf(m)}`).join('\n');
  const last = [...req.messages].reverse().find((m) => m.role === 'user');
  return last ? textOf(last) : '';
}

/**
 * Lexical-similarity cache: candidates share the tenant and every non-message field (model,
 * tools, sampling, format — "keyed by everything else"), then the most similar text at or above
 * the threshold wins. A flat TTL and no time-word detection, like typical semantic caches.
 */
export class LexicalCache implements SimCache {
  private readonly buckets = new Map<string, CachedItem[]>();
  constructor(private readonly ctx: SimContext, private readonly variant: 'full' | 'lastmsg', private readonly threshold: number) {}

  private bucket(r: CachedItem): string {
    return canonicalCacheRequest({ ...r.request, messages: [] }, gatewayScope(this.ctx, r.scope));
  }

  lookup(r: CachedItem): Lookup | null {
    const tfidf = this.ctx.vectorizer(this.variant);
    const text = embeddedText(r.request, this.variant);
    let best: Lookup | null = null;
    for (const item of this.buckets.get(this.bucket(r)) ?? []) {
      if (r.atMs - item.atMs > this.ctx.ttlS * 1000) continue;
      const similarity = tfidf.similarity(text, embeddedText(item.request, this.variant));
      if (similarity >= this.threshold && (best === null || similarity >= (best.similarity ?? 0))) best = { entry: item, layer: 'lexical', similarity };
    }
    return best;
  }

  store(r: CachedItem): void {
    const key = this.bucket(r);
    const items = this.buckets.get(key);
    if (items) items.push(r);
    else this.buckets.set(key, [r]);
  }
}

/** Hits exactly when a safe opportunity exists: same tenant, same answer class, still valid. */
export class OracleCache implements SimCache {
  private readonly items: CachedItem[] = [];
  constructor(private readonly ctx: SimContext) {}

  lookup(r: CachedItem): Lookup | null {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const item = this.items[i] as CachedItem;
      if (item.scope.tenant === r.scope.tenant && item.answerClass === r.answerClass && r.atMs - item.atMs <= this.ctx.validityS * 1000) return { entry: item, layer: 'oracle' };
    }
    return null;
  }

  store(r: CachedItem): void {
    this.items.push(r);
  }
}

export class NoCache implements SimCache {
  lookup(): Lookup | null {
    return null;
  }
  store(): void {}
}
