import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { benchSettings, type BenchSettings, type BenchSettingsInput } from './bench-settings.js';
import { TARGET_DESCRIPTIONS, type BenchTarget, type TargetName } from './bench-target.js';
import { childEntry } from './child-entry.js';
import { checkGoals, type GoalCheck } from './goals.js';
import { measureRun, type RunMetrics } from './measure-run.js';
import { cpuPressure } from './proc-sample.js';
import { scenarios as allScenarios } from './scenarios.js';
import { startTargets, type PeerStatus } from './start-targets.js';
import { summariseTarget, versusDirect, type ScenarioReport } from './summarise-runs.js';
import { checkTarget, warmCache, warmUp } from './target-checks.js';

/**
 * `nextmodel bench gateway` / `npm run bench`: the loopback mock, the governed gateway (and its
 * ungoverned variant, and the Portkey peer) each in its own process; every scenario run
 * `repeats` times per target, targets interleaved; medians, ranges, ratios to the mock, the
 * issue's goals. Returns the report, and writes it as JSON when `outFile` is given.
 */

export interface GatewayBenchOptions {
  /** A few seconds, small counts, no peer unless settings.peer: the smoke variant. */
  quick?: boolean;
  settings?: BenchSettingsInput;
  /** Only the scenarios whose id starts with one of these. */
  only?: string[];
  outFile?: string | null;
  log?: (line: string) => void;
}

export interface GatewayBenchReport {
  tool: 'nextmodel bench gateway';
  generated_at: string;
  mode: BenchSettings['mode'];
  duration_s: number;
  settings: BenchSettings;
  /**
   * The code measured: HEAD, how many files under src/ differed from it (the build is of the work
   * tree), and whether dist/ was rebuilt while the run went on (gateways restart per scenario, so
   * a rebuild mid-run mixes two builds in one report).
   */
  source: { commit: string | null; dirty_src_files: number | null; dist_built_at: string | null; dist_rebuilt_during_run: boolean };
  /** Load average and CPU pressure (PSI) before and after: other work on the machine adds noise. */
  machine: { cpus: number; cpu_model: string; node: string; platform: string; loadavg_before: number[]; loadavg_after: number[]; cpu_pressure_avg60_before: number | null; cpu_pressure_avg60_after: number | null };
  targets: Partial<Record<TargetName, string>>;
  peer: PeerStatus;
  scenarios: ScenarioReport[];
  goals: GoalCheck[];
}

/** Newest modification time of the compiled gateway (dist/), in ms; null when not found. */
function distBuiltAt(): number | null {
  const dist = join(dirname(childEntry('gateway-process')), '..', '..');
  try {
    return readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .reduce((newest, f) => Math.max(newest, statSync(join(dist, f)).mtimeMs), 0);
  } catch {
    return null;
  }
}

function sourceVersion(builtAtStart: number | null): GatewayBenchReport['source'] {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const build = { dist_built_at: builtAtStart === null ? null : new Date(builtAtStart).toISOString(), dist_rebuilt_during_run: builtAtStart !== null && (distBuiltAt() ?? 0) > builtAtStart };
  try {
    return { commit: git('rev-parse', 'HEAD'), dirty_src_files: git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length, ...build };
  } catch {
    return { commit: null, dirty_src_files: null, ...build };
  }
}

const fmt = (v: number | undefined, d: number) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));

function progressLine(id: string, target: string, rep: number, m: RunMetrics): string {
  const ttft = m.ttftP50Ms === undefined ? '' : ` ttft p50 ${fmt(m.ttftP50Ms, 2)} ms`;
  const errors = m.errors ? ` ${m.errors} errors (${m.firstError ?? ''})` : '';
  const streams = m.upstreamPeakStreams > 0 ? ` upstream peak ${m.upstreamPeakStreams} open` : '';
  const overflows = m.listenOverflows ? ` listen overflows ${m.listenOverflows}` : '';
  return `  ${id} ${target} #${rep + 1}: ${fmt(m.rps, 0)} req/s p50 ${fmt(m.p50Ms, 2)} ms${ttft} cpu ${fmt(m.cpuMsPerRequest, 3)} ms/req rss ${fmt(m.rssPeakMb, 0)} MB${streams}${overflows}${errors}`;
}

export async function runGatewayBench(options: GatewayBenchOptions = {}): Promise<GatewayBenchReport> {
  const log = options.log ?? (() => {});
  const settings = benchSettings(options.quick ?? false, options.settings);
  const startedAt = Date.now();
  const loadBefore = loadavg();
  const pressureBefore = cpuPressure();
  const builtAt = distBuiltAt();
  const runTag = `bench-${startedAt.toString(36)}-${randomBytes(3).toString('hex')}`;
  const chosen = allScenarios(settings, runTag).filter((sc) => !options.only?.length || options.only.some((p) => sc.id.startsWith(p)));
  const started = await startTargets(settings, log);
  const reports: ScenarioReport[] = [];
  try {
    let targets: BenchTarget[] = [];
    for (const t of started.targets) {
      try {
        await checkTarget(t, runTag);
        targets.push(t);
      } catch (err) {
        if (t.name !== 'portkey') throw err;
        started.peer = { status: 'failed', detail: (err as Error).message.slice(0, 300) };
        log(`peer baseline dropped: ${(err as Error).message}`);
      }
    }
    for (const t of targets) {
      log(`warming up ${t.name} (pid ${t.process.pid}, ${t.origin})`);
      await warmUp(t, settings, runTag);
    }
    for (const [i, sc] of chosen.entries()) {
      log(`${sc.id}: ${sc.title}`);
      if (i > 0) {
        // Every scenario starts on an empty store: a gateway's cost grows with its receipts.
        for (const fresh of await started.restartGateways()) {
          await checkTarget(fresh, runTag);
          await warmUp(fresh, settings, runTag);
          targets = targets.map((t) => (t.name === fresh.name ? fresh : t));
        }
      }
      if (sc.seedReceipts) {
        log(`  adding ${sc.seedReceipts} receipts of history to each gateway's store`);
        await started.seedReceipts(sc.seedReceipts);
      }
      await started.mock.request({ type: 'mode', mode: sc.mock });
      const runs = new Map<TargetName, RunMetrics[]>();
      const notes: string[] = [];
      const mine = targets.filter((t) => sc.targets.includes(t.name));
      if (sc.cachedBody) for (const t of mine) notes.push(...[await warmCache(t, sc.cachedBody)].filter((n): n is string => n !== null));
      for (let rep = 0; rep < settings.repeats; rep++) {
        for (const t of mine) {
          const m = await measureRun(sc, t, started.mock, `${runTag} ${sc.id} ${t.name} r${rep}`);
          runs.set(t.name, [...(runs.get(t.name) ?? []), m]);
          log(progressLine(sc.id, t.name, rep, m));
        }
      }
      const summaries = mine.map((t) => summariseTarget(t.name, runs.get(t.name) ?? []));
      reports.push({ id: sc.id, title: sc.title, kind: sc.kind, concurrency: sc.concurrency, mock: sc.mock, targets: summaries, vsDirect: versusDirect(summaries), notes });
    }
  } finally {
    await started.mock.request({ type: 'mode', mode: { kind: 'instant' } }).catch(() => undefined);
    await started.stopAll();
  }
  const report: GatewayBenchReport = {
    tool: 'nextmodel bench gateway',
    generated_at: new Date(startedAt).toISOString(),
    mode: settings.mode,
    duration_s: Math.round((Date.now() - startedAt) / 100) / 10,
    settings,
    source: sourceVersion(builtAt),
    machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}`, loadavg_before: loadBefore, loadavg_after: loadavg(), cpu_pressure_avg60_before: pressureBefore, cpu_pressure_avg60_after: cpuPressure() },
    targets: Object.fromEntries(started.targets.map((t) => [t.name, TARGET_DESCRIPTIONS[t.name]])),
    peer: started.peer,
    scenarios: reports,
    goals: checkGoals(reports, settings),
  };
  if (options.outFile) {
    mkdirSync(dirname(options.outFile), { recursive: true });
    writeFileSync(options.outFile, JSON.stringify(report, null, 2) + '\n');
  }
  return report;
}

export { formatReportTable } from './report-table.js';
