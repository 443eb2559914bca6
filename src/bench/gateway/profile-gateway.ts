import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { benchSettings, type BenchSettingsInput } from './bench-settings.js';
import { chatRequestBody } from './bench-wire.js';
import { formatProfileTable, readCpuProfile, summariseCpuProfile, type ProfileSummary, type ProfileWindow } from './cpu-profile-summary.js';
import { concurrentJson } from './load/concurrent-json.js';
import { measureRun, type RunMetrics } from './measure-run.js';
import { scenarios } from './scenarios.js';
import type { BenchProcess } from './bench-process.js';
import { startGatewayTarget, startMock } from './start-targets.js';
import { checkTarget } from './target-checks.js';

/**
 * `npm run bench -- --profile`: the governed gateway under `node --cpu-prof`, driven by the fresh
 * non-streaming concurrency-N scenario only (its warm-up too, so the whole profile is that one
 * workload plus start-up), then summarised by self time.
 */

export interface ProfileOptions {
  quick?: boolean;
  settings?: BenchSettingsInput;
  /** Where the .cpuprofile and summary.txt go. */
  dir: string;
  /** Receipts of history in the store before the run (0: a fresh store). */
  seedReceipts?: number;
  top?: number;
  log?: (line: string) => void;
}

export interface ProfileResult {
  scenario: string;
  profilePath: string;
  run: RunMetrics;
  summary: ProfileSummary;
}

export async function profileGateway(options: ProfileOptions): Promise<ProfileResult> {
  const log = options.log ?? (() => {});
  const s = benchSettings(options.quick ?? false, options.settings);
  mkdirSync(options.dir, { recursive: true });
  const tag = `profile-${Date.now().toString(36)}`;
  const scenario = scenarios(s, tag).find((sc) => sc.id === `fresh-json-c${s.concurrency}`);
  if (!scenario) throw new Error('no fresh non-streaming scenario');
  const mock = await startMock();
  let run: RunMetrics;
  let window: ProfileWindow | undefined;
  try {
    const gateway = await startGatewayTarget(mock, ['--cpu-prof', `--cpu-prof-dir=${options.dir}`]);
    try {
      await checkTarget(gateway, tag);
      if (options.seedReceipts) await (gateway.process as BenchProcess).request({ type: 'seed-receipts', count: options.seedReceipts });
      log(`profiling ${scenario.id} on the gateway (pid ${gateway.process.pid})`);
      await concurrentJson(gateway, (n) => chatRequestBody(`${tag} warm ${n}`, false), s.concurrency, s.warmupMs);
      const from = await gateway.process.sample();
      run = await measureRun(scenario, gateway, mock, tag);
      const to = await gateway.process.sample();
      if (from.monotonicUs !== undefined && to.monotonicUs !== undefined) window = { fromUs: from.monotonicUs, toUs: to.monotonicUs };
    } finally {
      // A clean exit is when --cpu-prof writes the profile.
      await gateway.process.stop();
    }
  } finally {
    await mock.stop();
  }
  const profiles = readdirSync(options.dir).filter((f) => f.endsWith('.cpuprofile'));
  const newest = profiles.map((f) => join(options.dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`the gateway wrote no .cpuprofile into ${options.dir}`);
  // Only the measured run: start-up and warm-up are cut off by the child's own clock.
  const summary = summariseCpuProfile(readCpuProfile(newest), options.top ?? 30, window);
  const result = { scenario: scenario.id, profilePath: newest, run, summary };
  writeFileSync(join(options.dir, 'summary.txt'), formatProfileSummary(result) + '\n');
  return result;
}

export function formatProfileSummary(r: ProfileResult): string {
  const history = r.run.receiptsAtStart ? `, ${r.run.receiptsAtStart} receipts in the store` : '';
  const head = `CPU profile of the governed gateway under ${r.scenario}${history}: ${Math.round(r.run.rps)} req/s, ${r.run.cpuMsPerRequest.toFixed(3)} ms CPU/request, ${r.run.errors} errors\nprofile: ${relative(process.cwd(), r.profilePath)}`;
  return `${head}\n\n${formatProfileTable(r.summary)}`;
}
