import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayBench, type GatewayBenchReport } from '../../src/bench/gateway/run-gateway-bench.js';

/**
 * The gateway bench end to end in its quick mode with tiny counts: real mock, governed and
 * ungoverned gateways in their own processes, every scenario. No timing assertions: only that
 * each scenario ran, succeeded, produced ratios, and that the cache scenario really hit.
 */

const CONCURRENCY = 4;
const SLOW_STREAMS = 12;
let dir: string;
let report: GatewayBenchReport;

beforeAll(async () => {
  // The bench's child processes run from dist/: build when this checkout has not been built.
  if (!existsSync(join('dist', 'bench', 'gateway', 'gateway-process.js'))) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'nextmodel-bench-smoke-'));
  await runGatewayBench({
    quick: true,
    settings: {
      warmupMs: 100,
      serialMs: 150,
      concurrentMs: 250,
      concurrency: CONCURRENCY,
      slowStreams: SLOW_STREAMS,
      slowRampMs: 20,
      slowPacing: { firstTokenMs: 30, tokenIntervalMs: 5, tokens: 3 },
      historyReceipts: 500,
      peer: false,
    },
    outFile: join(dir, 'report.json'),
  });
  report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as GatewayBenchReport;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('writes a report with every scenario', () => {
    expect(report.tool).toBe('nextmodel bench gateway');
    expect(report.scenarios.map((s) => s.id)).toEqual([
      'fresh-json-c1',
      `fresh-json-c${CONCURRENCY}`,
      'fresh-stream-c1',
      `fresh-stream-c${CONCURRENCY}`,
      `cache-hit-json-c${CONCURRENCY}`,
      `fresh-json-c${CONCURRENCY}-history`,
      `slow-streams-${SLOW_STREAMS}`,
    ]);
    expect(report.goals.length).toBeGreaterThan(0);
  });

  it('every target of every scenario answered without errors, and ratios to direct are > 0', () => {
    for (const scenario of report.scenarios) {
      expect(scenario.targets.map((t) => t.target)).toContain('direct');
      expect(scenario.targets.map((t) => t.target)).toContain('gateway');
      // The bare Node.js proxy runs beside them in every fresh scenario: the floor of the CPU goals.
      if (scenario.id.startsWith('fresh-') && !scenario.id.endsWith('-history')) expect(scenario.targets.map((t) => t.target)).toContain('node-floor');
      for (const t of scenario.targets) {
        expect(t.errors, `${scenario.id} ${t.target}: ${t.firstError ?? ''}`).toBe(0);
        expect(t.ok, `${scenario.id} ${t.target}`).toBeGreaterThan(0);
        expect(t.cpuMsPerRequest?.median, `${scenario.id} ${t.target}`).toBeGreaterThan(0);
      }
      for (const [target, vs] of Object.entries(scenario.vsDirect)) {
        expect(vs.throughput, `${scenario.id} ${target}`).toBeGreaterThan(0);
        if (scenario.kind === 'stream') expect(vs.ttftP50, `${scenario.id} ${target}`).toBeGreaterThan(0);
        // autocannon's latencies are whole ms: a tiny direct run can have a 0 ms median (no ratio).
        if (vs.latencyP50 !== null) expect(vs.latencyP50, `${scenario.id} ${target}`).toBeGreaterThan(0);
      }
    }
  });

  it('fresh scenarios miss the cache (one upstream call each); cache hits make none', () => {
    const gateway = (id: string) => report.scenarios.find((s) => s.id === id)?.targets.find((t) => t.target === 'gateway');
    // ≥ 1: requests still in flight when a run stops reached the mock but are not counted as done.
    for (const id of [`fresh-json-c${CONCURRENCY}`, `fresh-stream-c${CONCURRENCY}`]) {
      expect(gateway(id)?.upstreamPerRequest?.median, id).toBeGreaterThanOrEqual(1);
      expect(gateway(id)?.upstreamPerRequest?.median, id).toBeLessThan(1.5);
    }
    expect(gateway(`cache-hit-json-c${CONCURRENCY}`)?.upstreamPerRequest?.median).toBe(0);
    expect(report.scenarios.find((s) => s.id === `cache-hit-json-c${CONCURRENCY}`)?.notes).toEqual([]);
  });

  it('the history scenario ran on a store holding the seeded receipts; the others on fresh stores', () => {
    const receipts = (id: string) => report.scenarios.find((s) => s.id === id)?.targets.find((t) => t.target === 'gateway')?.runs[0]?.receiptsAtStart ?? 0;
    expect(receipts(`fresh-json-c${CONCURRENCY}-history`)).toBeGreaterThan(500);
    expect(receipts(`fresh-json-c${CONCURRENCY}`)).toBeLessThan(500);
  });

  it('all slow streams completed through the gateway', () => {
    const slow = report.scenarios.find((s) => s.id === `slow-streams-${SLOW_STREAMS}`)?.targets.find((t) => t.target === 'gateway');
    expect(slow?.runs.map((r) => r.ok)).toEqual([SLOW_STREAMS]);
  });
});
