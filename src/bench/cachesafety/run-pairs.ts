import type { ChatRequest } from '../../openai/chat-request.js';
import type { BenchCase, BenchRequest, Turn } from './case-schema.js';
import { TfIdf } from './lexical.js';
import type { Outcome } from './metrics.js';
import type { Pricer } from './pricing.js';
import { embeddedText, type CachedItem, type SimContext } from './sim-caches.js';
import type { Strategy } from './strategies.js';

/**
 * Pair mode: for every case, a fresh cache holds only the seed's answer, then the probe arrives.
 * Each case is scored alone, so one case's entries never leak into another's result.
 */

export const withModel = (req: BenchRequest, model: string): ChatRequest => ({ model, ...req });

export function itemOf(c: BenchCase, side: 'seed' | 'probe', model: string, answerClass: string): CachedItem {
  const turn: Turn = c[side];
  return { id: `${c.id}:${side}`, scope: turn.scope, atMs: Date.parse(turn.at), request: withModel(turn.request, model), answerClass };
}

export function pairItems(c: BenchCase, model: string): { seed: CachedItem; probe: CachedItem } {
  const seedClass = `${c.id}:seed`;
  return { seed: itemOf(c, 'seed', model, seedClass), probe: itemOf(c, 'probe', model, c.truth.answer === 'same' ? seedClass : `${c.id}:probe`) };
}

/** Vectorizers fitted once on the texts of a run, for the lexical strategies. */
export function lazyVectorizers(requests: () => ChatRequest[]): SimContext['vectorizer'] {
  const fitted = new Map<string, TfIdf>();
  return (variant) => {
    let v = fitted.get(variant);
    if (!v) {
      v = new TfIdf(requests().map((r) => embeddedText(r, variant)));
      fitted.set(variant, v);
    }
    return v;
  };
}

export function outcomeOf(c: BenchCase, pricer: Pricer, probe: CachedItem, fields: Pick<Outcome, 'hit' | 'good' | 'opportunity' | 'trap' | 'crossScope' | 'layer'>): Outcome {
  return { id: c.id, severity: c.severity, category: c.category, language: c.language, list: pricer.list(probe.request, c.expected_output_tokens), ...fields };
}

export function runPairs(cases: readonly BenchCase[], strategy: Strategy, ctx: SimContext, pricer: Pricer): Outcome[] {
  return cases.map((c) => {
    const { seed, probe } = pairItems(c, pricer.model.id);
    const cache = strategy.create(ctx);
    cache.store(seed);
    const found = cache.lookup(probe);
    const sameTenant = found !== null && found.entry.scope.tenant === probe.scope.tenant;
    return outcomeOf(c, pricer, probe, {
      hit: found !== null,
      good: found !== null && sameTenant && c.truth.answer === 'same',
      opportunity: c.truth.answer === 'same',
      trap: c.truth.answer === 'different',
      crossScope: found !== null && !sameTenant,
      layer: found?.layer ?? null,
    });
  });
}
