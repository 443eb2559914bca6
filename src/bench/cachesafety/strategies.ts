import { KeyedCache, LexicalCache, NoCache, OracleCache, type SimCache, type SimContext } from './sim-caches.js';

/** The cache strategies the bench compares, by name: none, exact, canonical, lexical@t, lexical-lastmsg@t, oracle. */

export type Family = 'none' | 'exact' | 'canonical' | 'lexical' | 'lexical-lastmsg' | 'oracle';

export interface Strategy {
  name: string;
  family: Family;
  threshold: number | null;
  description: string;
  create(ctx: SimContext): SimCache;
}

export const DEFAULT_THRESHOLDS = [0.8, 0.85, 0.9, 0.95, 0.98] as const;

const fixed = (family: Exclude<Family, 'lexical' | 'lexical-lastmsg'>): Strategy => {
  switch (family) {
    case 'none':
      return { name: 'none', family, threshold: null, description: 'no cache: the baseline spend', create: () => new NoCache() };
    case 'exact':
      return { name: 'exact', family, threshold: null, description: "the gateway's exact cache (cacheKeysFor, project scope, gateway TTLs)", create: (ctx) => new KeyedCache(ctx, false) };
    case 'canonical':
      return { name: 'canonical', family, threshold: null, description: 'exact + the canonical layer (NFC, outer whitespace), as the gateway ships it', create: (ctx) => new KeyedCache(ctx, true) };
    case 'oracle':
      return { name: 'oracle', family, threshold: null, description: 'hits exactly on safe opportunities: the upper bound on safe savings', create: (ctx) => new OracleCache(ctx) };
    default: {
      const unreachable: never = family;
      throw new Error(`unknown strategy ${String(unreachable)}`);
    }
  }
};

const lexical = (variant: 'full' | 'lastmsg', threshold: number): Strategy => ({
  name: `${variant === 'full' ? 'lexical' : 'lexical-lastmsg'}@${threshold.toFixed(2)}`,
  family: variant === 'full' ? 'lexical' : 'lexical-lastmsg',
  threshold,
  description: `LEXICAL PROXY for an embedding cache: char 3-5-gram TF-IDF cosine >= ${threshold} over ${variant === 'full' ? 'the whole conversation' : 'the last user message only'}`,
  create: (ctx) => new LexicalCache(ctx, variant, threshold),
});

export const DEFAULT_STRATEGIES = 'none,exact,canonical,lexical,lexical-lastmsg,oracle';

/**
 * "none,exact,lexical@0.9,lexical-lastmsg" → strategies. A lexical family without "@t" expands
 * to every threshold in `thresholds`.
 */
export function parseStrategies(spec: string, thresholds: readonly number[] = DEFAULT_THRESHOLDS): Strategy[] {
  const out: Strategy[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [family, at] = raw.split('@') as [string, string | undefined];
    if (family === 'lexical' || family === 'lexical-lastmsg') {
      const variant = family === 'lexical' ? 'full' : 'lastmsg';
      const list = at === undefined ? thresholds : [Number(at)];
      for (const t of list) {
        if (!Number.isFinite(t) || t <= 0 || t > 1) throw new Error(`strategy ${raw}: the threshold must be in (0, 1]`);
        out.push(lexical(variant, t));
      }
    } else if ((family === 'none' || family === 'exact' || family === 'canonical' || family === 'oracle') && at === undefined) {
      out.push(fixed(family));
    } else {
      throw new Error(`unknown strategy "${raw}" (expected none, exact, canonical, lexical[@t], lexical-lastmsg[@t], oracle)`);
    }
  }
  const names = new Set(out.map((s) => s.name));
  if (names.size !== out.length) throw new Error(`strategy listed twice in "${spec}"`);
  return out;
}
