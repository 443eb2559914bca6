import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchCase } from '../../src/bench/cachesafety/case-schema.js';
import { loadCases } from '../../src/bench/cachesafety/dataset.js';
import { defaultSettings } from '../../src/bench/cachesafety/pricing.js';
import { runBench, type BenchReport, type StrategyResult } from '../../src/bench/cachesafety/run-bench.js';
import type { CachedItem, Lookup, SimCache } from '../../src/bench/cachesafety/sim-caches.js';
import { DEFAULT_THRESHOLDS, parseStrategies, type Strategy } from '../../src/bench/cachesafety/strategies.js';

/** The claims docs/cachesafety.md makes about the bundled dataset, checked on every run. */

let report: BenchReport;
let cases: BenchCase[];
const byName = (results: readonly StrategyResult[], name: string) => {
  const r = results.find((x) => x.strategy === name);
  if (!r) throw new Error(`no result for ${name}`);
  return r.metrics;
};
const micro = (s: string) => Math.round(Number(s) * 1e6);
const everyRun = () => [{ where: 'pairs', results: report.pairs }, ...report.traces.map((t) => ({ where: t.name, results: t.results }))];

beforeAll(() => {
  cases = loadCases();
  report = runBench({ strategies: parseStrategies('none,exact,canonical,lexical,lexical-lastmsg,oracle'), model: 'claude-sonnet-4-6', settings: defaultSettings() });
});

describe('CacheSafety Bench on the bundled dataset', () => {
  it('the gateway exact and canonical caches have zero bad hits and zero trap failures, pairs and traces', () => {
    for (const { where, results } of everyRun()) {
      for (const name of ['exact', 'canonical']) {
        const m = byName(results, name);
        expect({ where, name, bad: m.bad_hits, traps: m.trap_failure_rate.k, cross: m.cross_scope_hits }).toEqual({ where, name, bad: 0, traps: 0, cross: 0 });
        expect(m.hits).toBeGreaterThan(0);
      }
    }
    expect(report.failures).toEqual([]);
  });

  it('exact serves every exact repeat (key order included) and canonical adds NFC/outer-whitespace variants', () => {
    const exact = byName(report.pairs, 'exact');
    const canonical = byName(report.pairs, 'canonical');
    expect(exact.hits).toBe(cases.filter((c) => c.category === 'exact_repeat').length);
    expect(canonical.hits).toBeGreaterThan(exact.hits);
    expect(canonical.hits_by_layer['canonical']).toBe(canonical.hits - exact.hits);
  });

  it('the lexical proxy shows its trade-off: bad hits at low thresholds, fewer as the threshold rises', () => {
    for (const family of ['lexical', 'lexical-lastmsg']) {
      const series = DEFAULT_THRESHOLDS.map((t) => byName(report.pairs, `${family}@${t.toFixed(2)}`));
      expect(series.some((m) => m.bad_hits > 0)).toBe(true);
      for (let i = 1; i < series.length; i++) {
        expect(series[i]!.bad_hits).toBeLessThanOrEqual(series[i - 1]!.bad_hits);
        expect(series[i]!.hits).toBeLessThanOrEqual(series[i - 1]!.hits);
      }
      expect(series.at(-1)!.bad_hits).toBeLessThan(series[0]!.bad_hits);
    }
    // Embedding only the last user message cannot see system prompts or earlier turns.
    const lastmsg = byName(report.pairs, 'lexical-lastmsg@0.98');
    expect(lastmsg.trap_failure_by_category['system_prompt']!.value).toBeGreaterThan(0.5);
    expect(lastmsg.trap_failure_by_category['multi_turn']!.value).toBe(1);
  });

  it('oracle bounds the savings: safe and net savings at least those of every strategy', () => {
    for (const { results } of everyRun()) {
      const oracle = byName(results, 'oracle');
      expect(oracle.safe_hit_rate.value).toBe(1);
      expect(oracle.bad_hits).toBe(0);
      for (const r of results) {
        expect(micro(oracle.money.safe_saved.inr)).toBeGreaterThanOrEqual(micro(r.metrics.money.safe_saved.inr));
        expect(micro(oracle.money.net_saved.inr)).toBeGreaterThanOrEqual(micro(r.metrics.money.net_saved.inr));
        expect(micro(oracle.money.safe_saved.usd)).toBeGreaterThanOrEqual(micro(r.metrics.money.safe_saved.usd));
      }
    }
  });

  it('none never hits and saves nothing; rates carry Wilson intervals', () => {
    const none = byName(report.pairs, 'none');
    expect(none.hits).toBe(0);
    expect(none.money.safe_saved.inr).toBe('0.000000');
    const lex = byName(report.pairs, 'lexical@0.90');
    const [lo, hi] = lex.bad_hit_rate.ci95!;
    expect(lo).toBeLessThan(lex.bad_hit_rate.value!);
    expect(hi).toBeGreaterThan(lex.bad_hit_rate.value!);
    expect(byName(report.pairs, 'exact').trap_failure_rate.upper_rule_of_three).toBeCloseTo(3 / report.dataset.trap_cases, 10);
  });

  it('fails the run when a strategy serves across tenants', () => {
    // A deliberately broken cache: one shared list, no scope check.
    const unscoped: Strategy = {
      name: 'unscoped',
      family: 'exact',
      threshold: null,
      description: 'test only: ignores the tenant',
      create: (): SimCache => {
        const items: CachedItem[] = [];
        return {
          lookup: (r): Lookup | null => {
            const same = items.find((i) => JSON.stringify(i.request.messages) === JSON.stringify(r.request.messages));
            return same ? { entry: same, layer: 'exact' } : null;
          },
          store: (r) => void items.push(r),
        };
      },
    };
    const broken = runBench({ strategies: [unscoped], model: 'claude-sonnet-4-6', settings: defaultSettings(), cases: cases.filter((c) => c.category === 'tenant_user'), traces: false });
    expect(broken.pairs[0]!.metrics.cross_scope_hits).toBeGreaterThan(0);
    expect(broken.failures.join('\n')).toMatch(/unscoped served \d+ cross-scope hit/);
  });
});
