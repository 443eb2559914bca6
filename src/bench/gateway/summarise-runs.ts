import type { TargetName } from './bench-target.js';
import type { RunMetrics } from './measure-run.js';
import type { MockMode } from './mock-upstream-server.js';
import { round, spreadOf, type Spread } from './stats.js';

/** Repeats → median and range per metric; then every target against `direct` in the same run. */

export interface TargetSummary {
  target: TargetName;
  ok: number;
  errors: number;
  firstError?: string;
  rps: Spread | null;
  p50Ms: Spread | null;
  p99Ms: Spread | null;
  ttftP50Ms: Spread | null;
  ttftP99Ms: Spread | null;
  cpuMsPerRequest: Spread | null;
  /** SQL statements per request (gateways only). */
  sqlPerRequest: Spread | null;
  rssPeakMb: Spread | null;
  /** Upstream calls per client request (1 on a miss, ~0 on cache hits). */
  upstreamPerRequest: Spread | null;
  /** Most paced upstream streams open at once (slow streams only). */
  upstreamPeakStreams: Spread | null;
  /** Connections dropped on full listen backlogs over all runs (machine-wide counter). */
  listenOverflows: number | null;
  runs: RunMetrics[];
}

/** Ratios are target ÷ direct on the medians; "added" is target − direct in ms. */
export interface VersusDirect {
  throughput: number | null;
  latencyP50: number | null;
  addedP50Ms: number | null;
  ttftP50: number | null;
  addedTtftP50Ms: number | null;
}

export interface ScenarioReport {
  id: string;
  title: string;
  kind: 'json' | 'stream';
  concurrency: number;
  mock: MockMode;
  targets: TargetSummary[];
  vsDirect: Partial<Record<TargetName, VersusDirect>>;
  /** Anything that makes this scenario measure less than it says (e.g. a cache that did not hit). */
  notes: string[];
}

const roundSpread = (s: Spread | null): Spread | null => (s ? { median: round(s.median), min: round(s.min), max: round(s.max), runs: s.runs.map((v) => round(v)) } : null);
const metric = (runs: readonly RunMetrics[], pick: (r: RunMetrics) => number | undefined) => roundSpread(spreadOf(runs.map((r) => pick(r) ?? Number.NaN)));

const roundRun = (r: RunMetrics): RunMetrics =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as unknown as RunMetrics;

export function summariseTarget(target: TargetName, runs: RunMetrics[]): TargetSummary {
  const firstError = runs.find((r) => r.firstError)?.firstError;
  return {
    target,
    ok: runs.reduce((n, r) => n + r.ok, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    ...(firstError ? { firstError } : {}),
    rps: metric(runs, (r) => r.rps),
    p50Ms: metric(runs, (r) => r.p50Ms),
    p99Ms: metric(runs, (r) => r.p99Ms),
    ttftP50Ms: metric(runs, (r) => r.ttftP50Ms),
    ttftP99Ms: metric(runs, (r) => r.ttftP99Ms),
    cpuMsPerRequest: metric(runs, (r) => r.cpuMsPerRequest),
    sqlPerRequest: metric(runs, (r) => r.sqlPerRequest ?? Number.NaN),
    rssPeakMb: metric(runs, (r) => r.rssPeakMb),
    upstreamPerRequest: metric(runs, (r) => (r.ok + r.errors > 0 ? r.upstreamRequests / (r.ok + r.errors) : Number.NaN)),
    upstreamPeakStreams: metric(runs, (r) => (r.upstreamPeakStreams > 0 ? r.upstreamPeakStreams : Number.NaN)),
    listenOverflows: runs.some((r) => r.listenOverflows === null) ? null : runs.reduce((n, r) => n + (r.listenOverflows ?? 0), 0),
    runs: runs.map(roundRun),
  };
}

const ratio = (a: Spread | null, b: Spread | null) => (a && b && b.median !== 0 ? round(a.median / b.median) : null);
const diff = (a: Spread | null, b: Spread | null) => (a && b ? round(a.median - b.median) : null);

export function versusDirect(targets: readonly TargetSummary[]): Partial<Record<TargetName, VersusDirect>> {
  const direct = targets.find((t) => t.target === 'direct');
  const out: Partial<Record<TargetName, VersusDirect>> = {};
  if (!direct) return out;
  for (const t of targets) {
    if (t.target === 'direct') continue;
    out[t.target] = {
      throughput: ratio(t.rps, direct.rps),
      latencyP50: ratio(t.p50Ms, direct.p50Ms),
      addedP50Ms: diff(t.p50Ms, direct.p50Ms),
      ttftP50: ratio(t.ttftP50Ms, direct.ttftP50Ms),
      addedTtftP50Ms: diff(t.ttftP50Ms, direct.ttftP50Ms),
    };
  }
  return out;
}
