import { Catalog } from '../../catalog/catalog.js';
import { isTrapCategory, type BenchCase, type TraceKind } from './case-schema.js';
import { defaultDatasetDir, loadCases, loadTraces } from './dataset.js';
import { computeMetrics, type Metrics, type Outcome } from './metrics.js';
import { Pricer, type BenchSettings } from './pricing.js';
import { lazyVectorizers, pairItems, runPairs } from './run-pairs.js';
import { actualMix, resolveTrace, runTrace, traceContext } from './run-traces.js';
import type { SimContext } from './sim-caches.js';
import type { Family, Strategy } from './strategies.js';

/** Runs the offline bench: every strategy over the pair cases, then over each traffic trace. */

export interface StrategyResult {
  strategy: string;
  family: Family | 'observed';
  threshold: number | null;
  description: string;
  metrics: Metrics;
}

export interface TraceResult {
  name: string;
  description: string;
  declared_mix: Record<TraceKind, number>;
  actual_mix: Record<TraceKind, number>;
  requests: number;
  results: StrategyResult[];
}

export interface BenchReport {
  tool: 'nextmodel bench cachesafety';
  generated_at: string;
  mode: 'offline' | 'observe';
  dataset: { dir: string; cases: number; trap_cases: number; control_cases: number; by_category: Record<string, number>; by_language: Record<string, number> };
  model: { id: string; provider: string; upstream_model: string; catalog_version: string; input_usd_per_mtok: number | null; output_usd_per_mtok: number | null };
  settings: { usd_inr: number; exact_cache_discount_pct: number; ttl_s: number; time_sensitive_ttl_s: number };
  pairs: StrategyResult[];
  traces: TraceResult[];
  /** Why the run failed (cross-scope hits); empty when it passed. */
  failures: string[];
}

export interface BenchOptions {
  strategies: Strategy[];
  model: string;
  settings: BenchSettings;
  datasetDir?: string;
  cases?: BenchCase[];
  traces?: boolean;
  /** Score an evenly spaced subset of this many cases (stratified: cases are stored by category). */
  sample?: number;
  progress?: (label: string, done: number, total: number) => void;
}

export function sampleCases<T>(cases: readonly T[], n: number | undefined): T[] {
  if (n === undefined || n >= cases.length) return [...cases];
  const step = cases.length / n;
  return Array.from({ length: n }, (_, i) => cases[Math.floor(i * step)] as T);
}

const count = <T>(items: readonly T[], key: (t: T) => string) => items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

export function reportShell(cases: readonly BenchCase[], pricer: Pricer, dir: string, mode: BenchReport['mode']): BenchReport {
  const m = pricer.model;
  const s = pricer.settings;
  return {
    tool: 'nextmodel bench cachesafety',
    generated_at: new Date().toISOString(),
    mode,
    dataset: { dir, cases: cases.length, trap_cases: cases.filter((c) => isTrapCategory(c.category)).length, control_cases: cases.filter((c) => !isTrapCategory(c.category)).length, by_category: count(cases, (c) => c.category), by_language: count(cases, (c) => c.language) },
    model: { id: m.id, provider: m.provider, upstream_model: m.upstream_model, catalog_version: pricer.catalogVersion, input_usd_per_mtok: m.pricing.input_usd_per_mtok, output_usd_per_mtok: m.pricing.output_usd_per_mtok },
    settings: { usd_inr: s.usdInr, exact_cache_discount_pct: s.discountPct, ttl_s: s.ttlS, time_sensitive_ttl_s: s.timeSensitiveTtlS },
    pairs: [],
    traces: [],
    failures: [],
  };
}

export const resultOf = (s: Strategy, outcomes: Outcome[], pricer: Pricer): StrategyResult => ({ strategy: s.name, family: s.family, threshold: s.threshold, description: s.description, metrics: computeMetrics(outcomes, pricer) });

/** Cross-scope hits fail the run: a cache must never serve one tenant's answer to another. */
export function crossScopeFailures(where: string, results: readonly StrategyResult[]): string[] {
  return results.filter((r) => r.metrics.cross_scope_hits > 0).map((r) => `${where}: ${r.strategy} served ${r.metrics.cross_scope_hits} cross-scope hit(s)`);
}

export function runBench(options: BenchOptions): BenchReport {
  const dir = options.datasetDir ?? defaultDatasetDir();
  const all = options.cases ?? loadCases(dir);
  const cases = sampleCases(all, options.sample);
  const pricer = Pricer.forModel(Catalog.loadDefault(), options.model, options.settings);
  const report = reportShell(cases, pricer, dir, 'offline');
  const base = { provider: pricer.model.provider, upstreamModel: pricer.model.upstream_model, ttlS: options.settings.ttlS, timeSensitiveTtlS: options.settings.timeSensitiveTtlS };
  const pairCtx: SimContext = { ...base, validityS: Number.POSITIVE_INFINITY, vectorizer: lazyVectorizers(() => cases.flatMap((c) => Object.values(pairItems(c, pricer.model.id)).map((i) => i.request))) };
  const total = options.strategies.length;
  options.strategies.forEach((s, i) => {
    options.progress?.('pairs', i, total);
    report.pairs.push(resultOf(s, runPairs(cases, s, pairCtx, pricer), pricer));
  });
  options.progress?.('pairs', total, total);
  report.failures.push(...crossScopeFailures('pairs', report.pairs));
  if (options.traces === false) return report;
  const byId = new Map(all.map((c) => [c.id, c]));
  for (const trace of loadTraces(dir)) {
    const resolved = resolveTrace(trace, byId, pricer.model.id);
    const ctx = traceContext(base, resolved);
    const results = options.strategies.map((s, i) => {
      options.progress?.(`trace ${trace.spec.name}`, i, total);
      return resultOf(s, runTrace(resolved, s, ctx, pricer), pricer);
    });
    options.progress?.(`trace ${trace.spec.name}`, total, total);
    report.traces.push({ name: trace.spec.name, description: trace.spec.description, declared_mix: trace.spec.mix, actual_mix: actualMix(trace.items), requests: trace.items.length, results });
    report.failures.push(...crossScopeFailures(`trace ${trace.spec.name}`, results));
  }
  return report;
}
