import type { Metrics, Rate } from './metrics.js';
import type { BenchReport, StrategyResult } from './run-bench.js';

/** The console rendering of a report: one table for the pair cases, one per trace. */

const pct = (r: Rate) => (r.value === null ? '–' : `${(100 * r.value).toFixed(1)}%`);
const ci = (r: Rate) => (r.ci95 === null ? '' : ` [${(100 * r.ci95[0]).toFixed(1)}–${(100 * r.ci95[1]).toFixed(1)}]`);
const money = (s: string, digits: number) => Number(s).toFixed(digits);
const ratio = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);

function worst(m: Metrics): string {
  return Object.entries(m.trap_failure_by_category)
    .filter(([, r]) => (r.value ?? 0) > 0)
    .sort((a, b) => (b[1].value ?? 0) - (a[1].value ?? 0))
    .slice(0, 3)
    .map(([k, r]) => `${k} ${pct(r)}`)
    .join(', ');
}

const COLUMNS = ['strategy', 'hit', 'safe hit [95% CI]', 'bad hit [95% CI]', 'bad/1K', 'trap fail [95% CI]', 'severe', 'x-scope', '₹ saved/1K', '$ saved/1K', 'net saving', 'worst trap categories'];

function row(r: StrategyResult): string[] {
  const m = r.metrics;
  return [
    r.strategy,
    pct(m.hit_rate),
    pct(m.safe_hit_rate) + ci(m.safe_hit_rate),
    pct(m.bad_hit_rate) + ci(m.bad_hit_rate),
    m.bad_hits_per_1k.toFixed(1),
    pct(m.trap_failure_rate) + ci(m.trap_failure_rate),
    String(m.severe_bad_hits),
    String(m.cross_scope_hits),
    money(m.money.safe_saved_per_1k.inr, 2),
    money(m.money.safe_saved_per_1k.usd, 4),
    ratio(m.money.net_saving_rate),
    worst(m),
  ];
}

export function renderTable(rows: string[][]): string {
  const widths = COLUMNS.map((c, i) => Math.max([...c].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...c].length))).join('  ').trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function renderReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.model;
  out.push(`CacheSafety Bench (${report.mode}) — ${report.dataset.cases} cases (${report.dataset.trap_cases} traps, ${report.dataset.control_cases} must-hit controls)`);
  out.push(`priced as ${m.id} (${m.provider}, $${m.input_usd_per_mtok ?? '?'}/$${m.output_usd_per_mtok ?? '?'} per 1M tokens), ₹${report.settings.usd_inr}/$, replay discount ${report.settings.exact_cache_discount_pct}%`);
  out.push('lexical* = LEXICAL PROXY (char n-gram TF-IDF), not an embedding cache.');
  out.push('', 'Pair cases (seed → probe):', renderTable(report.pairs.map(row)));
  for (const t of report.traces) {
    const mix = Object.entries(t.declared_mix).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(' / ');
    out.push('', `Trace ${t.name} (${t.requests} requests; mix ${mix}):`, renderTable(t.results.map(row)));
  }
  out.push('');
  out.push(report.failures.length === 0 ? 'PASS: no cross-scope hits.' : `FAIL:\n  ${report.failures.join('\n  ')}`);
  return out.join('\n') + '\n';
}
