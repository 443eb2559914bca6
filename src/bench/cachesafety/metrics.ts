import { formatMicro, mulDivRound } from '../../billing/money.js';
import type { Category, Language, Severity } from './case-schema.js';
import { add, sub, ZERO, type Money, type Pricer } from './pricing.js';
import type { Layer } from './sim-caches.js';

/**
 * The CacheSafety metrics (docs/cachesafety.md has the formulas). R = the requests scored, H = hits,
 * H_good = hits that served a correct answer, O = requests with a safe opportunity, T = must-miss probes.
 */

export interface Outcome {
  id: string;
  hit: boolean;
  /** The hit served an answer that is correct for this request (same class, same tenant, valid). */
  good: boolean;
  /** A safe opportunity existed: an earlier correct, valid answer in the same tenant. */
  opportunity: boolean;
  /** A must-miss probe (a trap). */
  trap: boolean;
  crossScope: boolean;
  severity: Severity;
  category: Category | null;
  language: Language | null;
  layer: Layer | null;
  list: Money;
}

export interface Rate {
  k: number;
  n: number;
  value: number | null;
  /** Wilson score interval, 95%. */
  ci95: [number, number] | null;
  /** With zero events, the rule-of-three 95% upper bound 3/n. */
  upper_rule_of_three?: number;
}

const Z = 1.959964;

export function wilson(k: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function rate(k: number, n: number): Rate {
  const r: Rate = { k, n, value: n === 0 ? null : k / n, ci95: wilson(k, n) };
  if (k === 0 && n > 0) r.upper_rule_of_three = Math.min(1, 3 / n);
  return r;
}

export interface MoneyView {
  inr: string;
  usd: string;
}
const view = (m: Money): MoneyView => ({ inr: formatMicro(m.uinr), usd: formatMicro(m.uusd) });
const per1k = (m: Money, n: number): Money => (n === 0 ? ZERO : { uinr: sign(m.uinr) * Number(mulDivRound(BigInt(Math.abs(m.uinr)), 1000n, BigInt(n))), uusd: sign(m.uusd) * Number(mulDivRound(BigInt(Math.abs(m.uusd)), 1000n, BigInt(n))) });
const sign = (x: number) => (x < 0 ? -1 : 1);

export interface Metrics {
  requests: number;
  hits: number;
  hit_rate: Rate;
  safe_hit_rate: Rate;
  bad_hit_rate: Rate;
  bad_hits: number;
  bad_hits_per_1k: number;
  trap_failure_rate: Rate;
  trap_failure_by_category: Record<string, Rate>;
  trap_failure_by_language: Record<string, Rate>;
  severe_bad_hits: number;
  cross_scope_hits: number;
  hits_by_layer: Record<string, number>;
  money: {
    no_cache_spend: MoneyView;
    gross_saved: MoneyView;
    safe_saved: MoneyView;
    bad_hit_liability: MoneyView;
    net_saved: MoneyView;
    safe_saved_per_1k: MoneyView;
    net_saved_per_1k: MoneyView;
    safe_saving_rate: number | null;
    net_saving_rate: number | null;
  };
}

function trapRates(outcomes: readonly Outcome[], keyOf: (o: Outcome) => string | null): Record<string, Rate> {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = keyOf(o);
    if (!o.trap || key === null) continue;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return Object.fromEntries([...groups].map(([k, list]) => [k, rate(list.filter((o) => o.hit && !o.good).length, list.length)]));
}

export function computeMetrics(outcomes: readonly Outcome[], pricer: Pricer): Metrics {
  const n = outcomes.length;
  const hits = outcomes.filter((o) => o.hit);
  const good = hits.filter((o) => o.good);
  const bad = hits.filter((o) => !o.good);
  const traps = outcomes.filter((o) => o.trap);
  const sum = (list: readonly Outcome[], f: (o: Outcome) => Money) => list.reduce((acc, o) => add(acc, f(o)), ZERO);
  const spend = sum(outcomes, (o) => o.list);
  const safe = sum(good, (o) => pricer.saved(o.list));
  // A wrong answer saved nothing: it was paid for at the replay charge and has to be asked again.
  const net = sub(safe, sum(bad, (o) => pricer.replayCharge(o.list)));
  const layers: Record<string, number> = {};
  for (const o of hits) layers[o.layer ?? 'unknown'] = (layers[o.layer ?? 'unknown'] ?? 0) + 1;
  const ratio = (m: Money) => (spend.uinr === 0 ? null : m.uinr / spend.uinr);
  return {
    requests: n,
    hits: hits.length,
    hit_rate: rate(hits.length, n),
    safe_hit_rate: rate(good.length, outcomes.filter((o) => o.opportunity).length),
    bad_hit_rate: rate(bad.length, hits.length),
    bad_hits: bad.length,
    bad_hits_per_1k: n === 0 ? 0 : (1000 * bad.length) / n,
    trap_failure_rate: rate(traps.filter((o) => o.hit && !o.good).length, traps.length),
    trap_failure_by_category: trapRates(outcomes, (o) => o.category),
    trap_failure_by_language: trapRates(outcomes, (o) => o.language),
    severe_bad_hits: bad.filter((o) => o.severity === 'high' || o.severity === 'critical').length,
    cross_scope_hits: hits.filter((o) => o.crossScope).length,
    hits_by_layer: layers,
    money: {
      no_cache_spend: view(spend),
      gross_saved: view(sum(hits, (o) => pricer.saved(o.list))),
      safe_saved: view(safe),
      bad_hit_liability: view(sum(bad, (o) => pricer.saved(o.list))),
      net_saved: view(net),
      safe_saved_per_1k: view(per1k(safe, n)),
      net_saved_per_1k: view(per1k(net, n)),
      safe_saving_rate: ratio(safe),
      net_saving_rate: ratio(net),
    },
  };
}
