import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerBenchCommands } from '../../src/cli/bench-commands.js';
import { CliError } from '../../src/cli/cli-support.js';
import type { BenchReport } from '../../src/bench/cachesafety/run-bench.js';
import type { WorkloadReport } from '../../src/bench/cachesafety/workload.js';

/** `nextmodel bench cachesafety` through commander, as main.ts will wire it. */

let dir: string;
let stdout: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cachesafety-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function run(...args: string[]): Promise<void> {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command().exitOverride();
  registerBenchCommands(program);
  await program.parseAsync(['node', 'nextmodel', 'bench', 'cachesafety', ...args]);
}

describe('nextmodel bench cachesafety', () => {
  it('prints the table and writes JSON and a self-contained HTML report', async () => {
    const json = join(dir, 'out.json');
    const html = join(dir, 'report.html');
    await run('--json', json, '--html', html, '--strategies', 'none,exact,canonical,lexical@0.9,lexical-lastmsg@0.9,oracle', '--sample', '300', '--model', 'gpt-6-luna');
    const text = stdout.join('');
    expect(text).toMatch(/Pair cases/);
    expect(text).toMatch(/lexical@0\.90/);
    expect(text).toMatch(/PASS: no cross-scope hits/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(report.model.id).toBe('gpt-6-luna');
    expect(report.dataset.cases).toBe(300);
    expect(report.pairs.map((p) => p.strategy)).toEqual(['none', 'exact', 'canonical', 'lexical@0.90', 'lexical-lastmsg@0.90', 'oracle']);
    expect(report.traces).toHaveLength(3);
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
    expect(page).not.toMatch(/<script|<link|src="http|href="http/);
    expect(page).toMatch(/lexical proxy/);
  });

  it('rejects bad usage with exit code 2', async () => {
    await expect(run('--strategies', 'semantic')).rejects.toMatchObject({ exitCode: 2 });
    await expect(run('--observe', '--api-key', 'k')).rejects.toBeInstanceOf(CliError);
    await expect(run('--model', 'no-such-model', '--no-traces')).rejects.toMatchObject({ exitCode: 2 });
  });

  it('--workload estimates what caching served, saved and left unserved from a receipts export', async () => {
    const base = { project_id: 'proj_a', status: 200, finish_reason: 'stop', list_cost_inr: '1.000000' };
    const rows = [
      { ...base, created: '2026-03-01T10:00:00Z', request_hash: 'sha256:aa', serve_mode: 'fresh', charged_inr: '1.000000' },
      { ...base, created: '2026-03-01T10:01:00Z', request_hash: 'sha256:aa', serve_mode: 'exact_cache', charged_inr: '0.100000' },
      { ...base, created: '2026-03-01T10:02:00Z', request_hash: 'sha256:aa', serve_mode: 'fresh', charged_inr: '1.000000' },
      { ...base, created: '2026-03-01T10:03:00Z', request_hash: 'sha256:bb', serve_mode: 'canonical_cache', charged_inr: '0.100000' },
      { ...base, created: '2026-03-03T10:00:00Z', request_hash: 'sha256:aa', serve_mode: 'fresh', charged_inr: '1.000000' },
      { ...base, created: '2026-03-01T10:05:00Z', request_hash: null, serve_mode: 'fresh', status: 502, finish_reason: null, list_cost_inr: '0', charged_inr: '0' },
    ];
    const jsonl = join(dir, 'receipts.jsonl');
    writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const csv = join(dir, 'receipts.csv');
    const cols = ['created', 'project_id', 'request_hash', 'serve_mode', 'status', 'finish_reason', 'list_cost_inr', 'charged_inr'] as const;
    writeFileSync(csv, [cols.join(','), ...rows.map((r) => cols.map((c) => `"${String(r[c] ?? '')}"`).join(','))].join('\r\n'));
    for (const file of [jsonl, csv]) {
      const out = join(dir, 'workload.json');
      await run('--workload', file, '--json', out);
      const w = JSON.parse(readFileSync(out, 'utf8')) as WorkloadReport;
      expect(w.total).toMatchObject({ requests: 6, served_exact: 1, served_canonical: 1, repeat_opportunities: 2, unserved_repeats: 1, repeats_beyond_ttl: 1 });
      // Two replays charged 10% of ₹1 each; the unserved repeat would have saved another ₹0.90.
      expect(w.total.saved.inr).toBe('1.800000');
      expect(w.total.missed_saving.inr).toBe('0.900000');
      expect(w.total.saved.usd).toBe((1.8 / 88).toFixed(6));
      expect(stdout.join('')).toMatch(/left unserved: 1/);
    }
  });
});
