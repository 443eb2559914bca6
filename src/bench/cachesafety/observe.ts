import { randomBytes } from 'node:crypto';
import { Catalog } from '../../catalog/catalog.js';
import type { BenchCase, Turn } from './case-schema.js';
import { computeMetrics, type Outcome } from './metrics.js';
import { Pricer, type BenchSettings } from './pricing.js';
import { crossScopeFailures, reportShell, type BenchReport, type StrategyResult } from './run-bench.js';
import { outcomeOf, withModel } from './run-pairs.js';

/**
 * Observe mode: send each pair (seed, then probe) to a live OpenAI-compatible endpoint and score
 * what it served, read from the `x-nextmodel-serve-mode` header (exact_cache / canonical_cache =
 * hit; anything else, errors included, = miss).
 *
 * Every request gets a leading system message naming this run and pair, so entries from other
 * pairs or earlier runs cannot answer it; seed and probe carry the same marker, which keeps every
 * equality between them (exact or canonical) as it was. A live clock cannot be advanced, so pairs
 * whose seed → probe gap exceeds `maxGapS` are skipped and reported.
 */

export interface ObserveOptions {
  baseUrl: string;
  apiKey?: string;
  /** tenant → API key; a pair across two tenants needs two different keys. */
  tenantKeys?: Record<string, string>;
  model: string;
  /** Catalog model used for ₹/$ (defaults to `model`). */
  priceModel?: string;
  cases: BenchCase[];
  settings: BenchSettings;
  maxGapS?: number;
  runId?: string;
  concurrency?: number;
  progress?: (label: string, done: number, total: number) => void;
}

export interface Observation {
  id: string;
  scored: boolean;
  skip_reason?: string;
  seed_status?: number;
  probe_status?: number;
  seed_mode?: string | null;
  probe_mode?: string | null;
  hit?: boolean;
}

export interface ObserveReport extends BenchReport {
  observe: { base_url: string; model: string; run_id: string; scored: number; skipped: Record<string, number>; request_errors: number; hits: string[]; observations: Observation[] };
}

async function send(baseUrl: string, key: string, body: unknown): Promise<{ status: number; mode: string | null }> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return { status: res.status, mode: res.headers.get('x-nextmodel-serve-mode') };
  } catch {
    return { status: 0, mode: null }; // connection failure: a miss, counted in request_errors
  }
}

export async function observe(o: ObserveOptions): Promise<ObserveReport> {
  const runId = o.runId ?? randomBytes(6).toString('hex');
  const keyFor = (tenant: string) => o.tenantKeys?.[tenant] ?? o.apiKey;
  const body = (c: BenchCase, turn: Turn) => {
    const req = withModel(turn.request, o.model);
    return { ...req, messages: [{ role: 'system', content: `cachesafety-pair ${runId}/${c.id}` }, ...req.messages], user: turn.scope.user };
  };
  const maxGapS = o.maxGapS ?? o.settings.timeSensitiveTtlS;
  const observations: Observation[] = new Array(o.cases.length);
  let done = 0;
  const one = async (c: BenchCase): Promise<Observation> => {
    const [seedKey, probeKey] = [keyFor(c.seed.scope.tenant), keyFor(c.probe.scope.tenant)];
    if ((Date.parse(c.probe.at) - Date.parse(c.seed.at)) / 1000 > maxGapS) return { id: c.id, scored: false, skip_reason: 'clock: the seed→probe gap cannot be replayed live' };
    if (!seedKey || !probeKey) return { id: c.id, scored: false, skip_reason: 'no API key for a tenant' };
    if (c.seed.scope.tenant !== c.probe.scope.tenant && seedKey === probeKey) return { id: c.id, scored: false, skip_reason: 'cross-tenant pair needs a key per tenant' };
    const seed = await send(o.baseUrl, seedKey, body(c, c.seed));
    const probe = await send(o.baseUrl, probeKey, body(c, c.probe));
    const hit = probe.mode === 'exact_cache' || probe.mode === 'canonical_cache';
    return { id: c.id, scored: true, seed_status: seed.status, probe_status: probe.status, seed_mode: seed.mode, probe_mode: probe.mode, hit };
  };
  let next = 0;
  const worker = async () => {
    while (next < o.cases.length) {
      const i = next++;
      observations[i] = await one(o.cases[i] as BenchCase);
      o.progress?.('observe', ++done, o.cases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 4) }, worker));

  const catalog = Catalog.loadDefault();
  const pricer = Pricer.forModel(catalog, o.priceModel ?? o.model, o.settings);
  const pairs = o.cases.flatMap((c, i) => (observations[i]?.scored ? [[c, observations[i]] as const] : []));
  const scored = pairs.map(([c]) => c);
  const outcomes: Outcome[] = pairs.map(([c, obs]) => {
    const hit = obs.hit === true;
    const sameTenant = c.seed.scope.tenant === c.probe.scope.tenant;
    const layer = obs.probe_mode === 'canonical_cache' ? 'canonical' : 'exact';
    return outcomeOf(c, pricer, { id: c.id, scope: c.probe.scope, atMs: 0, request: withModel(c.probe.request, o.model), answerClass: '' }, {
      hit,
      good: hit && sameTenant && c.truth.answer === 'same',
      opportunity: c.truth.answer === 'same',
      trap: c.truth.answer === 'different',
      crossScope: hit && !sameTenant,
      layer: hit ? layer : null,
    });
  });
  const result: StrategyResult = { strategy: `observed ${o.model}`, family: 'observed', threshold: null, description: `served by ${o.baseUrl}, read from x-nextmodel-serve-mode`, metrics: computeMetrics(outcomes, pricer) };
  const report = reportShell(scored, pricer, o.baseUrl, 'observe');
  report.pairs = [result];
  report.failures = crossScopeFailures('observe', report.pairs);
  const skipped: Record<string, number> = {};
  for (const obs of observations) if (obs && !obs.scored) skipped[obs.skip_reason ?? 'skipped'] = (skipped[obs.skip_reason ?? 'skipped'] ?? 0) + 1;
  const errors = observations.filter((x) => x?.scored && ((x.seed_status ?? 0) !== 200 || (x.probe_status ?? 0) !== 200)).length;
  if (scored.length > 0 && errors === scored.length) report.failures.push(`observe: no pair got two 200 responses from ${o.baseUrl}; check --base-url, --api-key and --model`);
  return { ...report, observe: { base_url: o.baseUrl, model: o.model, run_id: runId, scored: scored.length, skipped, request_errors: errors, hits: observations.filter((x) => x?.hit).map((x) => x.id), observations } };
}
