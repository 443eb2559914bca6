import type { BenchCase, TraceItem, TraceKind } from './case-schema.js';
import type { LoadedTrace } from './dataset.js';
import type { Outcome } from './metrics.js';
import type { Pricer } from './pricing.js';
import { itemOf, lazyVectorizers, outcomeOf } from './run-pairs.js';
import type { CachedItem, SimContext } from './sim-caches.js';
import type { Strategy } from './strategies.js';

/**
 * Trace mode: one cache sees a whole seeded traffic trace in order, storing every miss. A hit is
 * good when the entry's answer class equals the request's, in the same tenant, within the
 * trace's validity window; an opportunity exists when any earlier request satisfies the same.
 */

export interface ResolvedTrace {
  trace: LoadedTrace;
  items: Array<{ t: TraceItem; c: BenchCase; item: CachedItem; opportunity: boolean }>;
}

export function resolveTrace(trace: LoadedTrace, byId: ReadonlyMap<string, BenchCase>, model: string): ResolvedTrace {
  const validityMs = trace.spec.validity_s * 1000;
  const seen: CachedItem[] = [];
  const items = trace.items.map((t) => {
    const c = byId.get(t.ref.case);
    if (!c) throw new Error(`trace ${trace.spec.name} #${t.seq}: unknown case ${t.ref.case}`);
    const item: CachedItem = { ...itemOf(c, t.ref.side, model, t.answer_class), id: `${trace.spec.name}#${t.seq}`, scope: t.scope, atMs: Date.parse(t.at) };
    const opportunity = seen.some((s) => s.scope.tenant === item.scope.tenant && s.answerClass === item.answerClass && item.atMs - s.atMs <= validityMs);
    seen.push(item);
    return { t, c, item, opportunity };
  });
  return { trace, items };
}

export function traceContext(base: Omit<SimContext, 'vectorizer' | 'validityS'>, resolved: ResolvedTrace): SimContext {
  return { ...base, validityS: resolved.trace.spec.validity_s, vectorizer: lazyVectorizers(() => resolved.items.map((i) => i.item.request)) };
}

export function runTrace(resolved: ResolvedTrace, strategy: Strategy, ctx: SimContext, pricer: Pricer): Outcome[] {
  const cache = strategy.create(ctx);
  const validityMs = resolved.trace.spec.validity_s * 1000;
  return resolved.items.map(({ t, c, item, opportunity }) => {
    const found = cache.lookup(item);
    if (!found) cache.store(item);
    const sameTenant = found !== null && found.entry.scope.tenant === item.scope.tenant;
    const good = found !== null && sameTenant && found.entry.answerClass === item.answerClass && item.atMs - found.entry.atMs <= validityMs;
    const outcome = outcomeOf(c, pricer, item, { hit: found !== null, good, opportunity, trap: t.kind === 'trap', crossScope: found !== null && !sameTenant, layer: found?.layer ?? null });
    return { ...outcome, id: item.id };
  });
}

export function actualMix(items: readonly TraceItem[]): Record<TraceKind, number> {
  const mix: Record<TraceKind, number> = { fresh: 0, exact: 0, paraphrase: 0, trap: 0 };
  for (const i of items) mix[i.kind]++;
  for (const k of Object.keys(mix) as TraceKind[]) mix[k] = Math.round((mix[k] / Math.max(1, items.length)) * 1000) / 1000;
  return mix;
}
