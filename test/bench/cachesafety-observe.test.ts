import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import type { BenchCase } from '../../src/bench/cachesafety/case-schema.js';
import { loadCases } from '../../src/bench/cachesafety/dataset.js';
import { observe, type ObserveReport } from '../../src/bench/cachesafety/observe.js';
import { defaultSettings, Pricer } from '../../src/bench/cachesafety/pricing.js';
import { sampleCases } from '../../src/bench/cachesafety/run-bench.js';
import { lazyVectorizers, runPairs } from '../../src/bench/cachesafety/run-pairs.js';
import { parseStrategies } from '../../src/bench/cachesafety/strategies.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * `--observe` against a real gateway on loopback (sandbox model, no credentials): each dataset
 * tenant is its own project with its own key, and what the gateway served must match what the
 * offline `exact` / `canonical` strategies predict, case by case.
 */

const MODEL = 'sandbox-echo';
const SAMPLE = 150;
let tg: TestGateway;
let cases: BenchCase[];

async function keysPerTenant(canonical: boolean): Promise<Record<string, string>> {
  const tenants = [...new Set(cases.flatMap((c) => [c.seed.scope.tenant, c.probe.scope.tenant]))];
  const keys: Record<string, string> = {};
  for (const tenant of tenants) {
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: `${tenant}-${canonical ? 'canonical' : 'exact'}` });
    expect(project.status).toBe(201);
    if (canonical) expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${project.json.id}`, { canonical_cache: true })).status).toBe(200);
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id, name: `bench ${tenant}` });
    expect(key.status).toBe(201);
    keys[tenant] = key.json.key as string;
  }
  return keys;
}

function offlineHits(strategy: 'exact' | 'canonical', scored: BenchCase[]): string[] {
  const settings = defaultSettings();
  const pricer = Pricer.forModel(Catalog.loadDefault(), MODEL, settings);
  const ctx = { provider: 'sandbox', upstreamModel: MODEL, ttlS: settings.ttlS, timeSensitiveTtlS: settings.timeSensitiveTtlS, validityS: Infinity, vectorizer: lazyVectorizers(() => []) };
  const [s] = parseStrategies(strategy);
  return runPairs(scored, s!, ctx, pricer).filter((o) => o.hit).map((o) => o.id);
}

async function observed(canonical: boolean): Promise<ObserveReport> {
  return observe({ baseUrl: `${tg.baseUrl}/v1`, tenantKeys: await keysPerTenant(canonical), model: MODEL, cases, settings: defaultSettings(), concurrency: 4 });
}

describe('bench cachesafety --observe against this gateway', () => {
  beforeAll(async () => {
    tg = await startTestGateway();
    cases = sampleCases(loadCases(), SAMPLE);
  });
  afterAll(async () => {
    await tg?.close();
  });

  for (const mode of ['exact', 'canonical'] as const) {
    it(`reproduces the offline ${mode} results pair by pair`, async () => {
      const report = await observed(mode === 'canonical');
      const scored = cases.filter((c) => report.observe.observations.find((o) => o.id === c.id)?.scored);
      // Only pairs a live clock cannot replay (hours or days apart) are skipped.
      const skipped = cases.filter((c) => !scored.includes(c));
      expect(skipped.every((c) => c.category === 'time_dependent')).toBe(true);
      expect(scored.length).toBeGreaterThan(SAMPLE - 20);
      // Every must-hit pair got two 200s, so a miss there would be the cache's doing.
      const failedControls = report.observe.observations.filter((o) => o.scored && (o.seed_status !== 200 || o.probe_status !== 200) && cases.find((c) => c.id === o.id)?.truth.answer === 'same');
      expect(failedControls).toEqual([]);
      expect(report.observe.hits.sort()).toEqual(offlineHits(mode, scored).sort());
      const m = report.pairs[0]!.metrics;
      expect(m.hits).toBeGreaterThan(0);
      expect(m.bad_hits).toBe(0);
      expect(m.trap_failure_rate.k).toBe(0);
      expect(m.cross_scope_hits).toBe(0);
      expect(report.failures).toEqual([]);
      if (mode === 'canonical') expect(m.hits_by_layer['canonical']).toBeGreaterThan(0);
    }, 120_000);
  }
});
