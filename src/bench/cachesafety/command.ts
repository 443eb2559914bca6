import { writeFileSync } from 'node:fs';
import { Catalog } from '../../catalog/catalog.js';
import { loadCases } from './dataset.js';
import { lintDataset } from './lint-dataset.js';
import { observe } from './observe.js';
import { defaultSettings, type BenchSettings } from './pricing.js';
import { readReceipts } from './receipts-file.js';
import { renderHtml } from './report-html.js';
import { renderReport } from './report-table.js';
import { runBench, sampleCases, type BenchReport } from './run-bench.js';
import { parseStrategies } from './strategies.js';
import { analyseWorkload, renderWorkload } from './workload.js';

/** `nextmodel bench cachesafety`: the work behind the CLI flags, with its output streams injected. */

export interface CacheSafetyArgs {
  json?: string;
  html?: string;
  strategies: string;
  thresholds: string;
  model: string;
  modelGiven: boolean;
  usdInr?: number;
  discountPct?: number;
  dataset?: string;
  sample?: number;
  traces: boolean;
  lint?: boolean;
  observe?: boolean;
  baseUrl?: string;
  apiKey?: string;
  tenantKey: string[];
  priceModel?: string;
  maxGap?: number;
  concurrency?: number;
  workload?: string;
  ttl?: number;
  quiet?: boolean;
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
}

/** Exit codes: 0 passed, 2 bad usage, 4 the run failed (lint errors, cross-scope hits). */
export interface CommandResult {
  exitCode: 0 | 2 | 4;
  message?: string;
}

/** Progress on stderr: one rewritten line on a terminal, otherwise a line every ~10%. */
export function progressTo(io: Io): (label: string, done: number, total: number) => void {
  return (label, done, total) => {
    const line = `${label}: ${done}/${total}`;
    if (io.tty) io.err(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0) io.err(`${line}\n`);
  };
}

function settingsFrom(a: CacheSafetyArgs): BenchSettings {
  const d = defaultSettings();
  return { ...d, ...(a.usdInr !== undefined ? { usdInr: a.usdInr } : {}), ...(a.discountPct !== undefined ? { discountPct: a.discountPct } : {}), ...(a.ttl !== undefined ? { ttlS: a.ttl } : {}) };
}

function tenantKeys(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tenant-key expects tenant=key, got "${p}"`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

class UsageError extends Error {}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function emit(a: CacheSafetyArgs, io: Io, report: BenchReport): CommandResult {
  if (a.json === '-') io.out(JSON.stringify(report, null, 2) + '\n');
  else io.out(renderReport(report));
  if (a.json && a.json !== '-') writeFileSync(a.json, JSON.stringify(report, null, 2) + '\n');
  if (a.html) writeFileSync(a.html, renderHtml(report));
  return report.failures.length > 0 ? { exitCode: 4, message: report.failures.join('; ') } : { exitCode: 0 };
}

export async function runCacheSafety(a: CacheSafetyArgs, io: Io): Promise<CommandResult> {
  try {
    const settings = settingsFrom(a);
    const progress = a.quiet ? undefined : progressTo(io);
    if (a.workload) {
      const w = analyseWorkload(readReceipts(a.workload), { ttlS: settings.ttlS, discountPct: settings.discountPct, usdInr: settings.usdInr });
      io.out(renderWorkload(w));
      if (a.json) a.json === '-' ? io.out(JSON.stringify(w, null, 2) + '\n') : writeFileSync(a.json, JSON.stringify(w, null, 2) + '\n');
      return { exitCode: 0 };
    }
    const lint = lintDataset(a.dataset);
    for (const i of [...lint.errors, ...lint.warnings]) io.err(`lint ${i.where}: [${i.rule}] ${i.message}\n`);
    if (lint.errors.length > 0) return { exitCode: 4, message: `the dataset has ${lint.errors.length} lint error(s)` };
    if (a.lint) {
      io.out(`dataset ok: ${lint.cases} cases, ${lint.warnings.length} warning(s)\n`);
      return { exitCode: 0 };
    }
    if (a.observe) {
      if (!a.baseUrl || !a.modelGiven) throw new UsageError('--observe needs --base-url and --model (and --api-key or --tenant-key)');
      const keys = tenantKeys(a.tenantKey);
      if (!a.apiKey && Object.keys(keys).length === 0) throw new UsageError('--observe needs --api-key or --tenant-key tenant=key');
      const priceModel = a.priceModel ?? a.model;
      if (!Catalog.loadDefault().resolve(priceModel)) throw new UsageError(`cannot price "${priceModel}": pass --price-model with a catalog model`);
      const cases = sampleCases(loadCases(a.dataset), a.sample);
      const report = await observe({ baseUrl: a.baseUrl, ...(a.apiKey ? { apiKey: a.apiKey } : {}), tenantKeys: keys, model: a.model, ...(a.priceModel ? { priceModel: a.priceModel } : {}), cases, settings, ...(a.maxGap !== undefined ? { maxGapS: a.maxGap } : {}), ...(a.concurrency ? { concurrency: a.concurrency } : {}), ...(progress ? { progress } : {}) });
      io.err(`observe: ${report.observe.scored} pairs scored, skipped ${JSON.stringify(report.observe.skipped)}, ${report.observe.request_errors} with request errors\n`);
      return emit(a, io, report);
    }
    const strategies = usage(() => parseStrategies(a.strategies, a.thresholds.split(',').map(Number)));
    if (!Catalog.loadDefault().resolve(a.model)) throw new UsageError(`--model ${a.model} is not in the catalog (see nextmodel models)`);
    const report = runBench({ strategies, model: a.model, settings, ...(a.dataset ? { datasetDir: a.dataset } : {}), traces: a.traces, ...(a.sample ? { sample: a.sample } : {}), ...(progress ? { progress } : {}) });
    return emit(a, io, report);
  } catch (err) {
    if (err instanceof UsageError) return { exitCode: 2, message: err.message };
    throw err;
  }
}
