import type { GatewayBenchReport } from './run-gateway-bench.js';
import { relativeSpread, type Spread } from './stats.js';

/**
 * The report as plain-text tables: per scenario and target the medians over the repeats (± half
 * the min–max range, as a share of the median), and the ratios to `direct` in the same run.
 */

function num(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toFixed(digits);
}

function withSpread(s: Spread | null, digits: number): string {
  if (!s) return '–';
  const pct = Math.round(relativeSpread(s) * 100);
  return s.runs.length > 1 ? `${num(s.median, digits)} ±${pct}%` : num(s.median, digits);
}

/** The first `textColumns` columns are left-aligned, the numbers after them right-aligned. */
function table(header: string[], rows: string[][], textColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  ').trimEnd(), ...rows.map(line)].join('\n');
}

export function formatReportTable(report: GatewayBenchReport): string {
  const rows: string[][] = [];
  for (const sc of report.scenarios) {
    sc.targets.forEach((t, i) => {
      const vs = sc.vsDirect[t.target];
      const stream = sc.kind === 'stream';
      rows.push([
        i === 0 ? sc.id : '',
        t.target,
        withSpread(t.rps, 0),
        withSpread(t.p50Ms, 2),
        num(t.p99Ms?.median, 2),
        stream ? withSpread(t.ttftP50Ms, 2) : '–',
        num(t.cpuMsPerRequest?.median, 3),
        num(t.sqlPerRequest?.median, 1),
        num(t.rssPeakMb?.median, 0),
        vs ? `${num(vs.throughput, 2)}×` : '',
        vs ? num(stream ? vs.addedTtftP50Ms : vs.addedP50Ms, 2) : '',
        t.errors > 0 ? `${t.errors} errors` : '',
      ]);
    });
  }
  const main = table(['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'TTFT p50', 'CPU ms/req', 'SQL/req', 'RSS MB', 'thr ÷ direct', '+ms p50/TTFT', ''], rows, 2);
  const goals = table(
    ['met', 'goal', 'target', 'measured'],
    report.goals.map((g) => [g.met === null ? 'n/a' : g.met ? 'MET' : 'MISSED', g.goal, g.threshold, g.measured + (g.note ? ` (${g.note})` : '')]),
    4,
  );
  const m = report.machine;
  const pressure = m.cpu_pressure_avg60_before === null ? '' : `, CPU pressure ${m.cpu_pressure_avg60_before}%→${m.cpu_pressure_avg60_after ?? '?'}%`;
  const head = [
    `nextmodel bench gateway — ${report.mode}, ${report.settings.repeats} repeat(s) per target, ${report.duration_s} s, peer: ${report.peer.status}${report.peer.detail ? ` (${report.peer.detail})` : ''}`,
    `commit ${report.source.commit?.slice(0, 10) ?? 'unknown'}${report.source.dirty_src_files ? ` + ${report.source.dirty_src_files} changed src files` : ''}${report.source.dist_rebuilt_during_run ? ' (WARNING: dist/ was rebuilt during the run: results mix two builds)' : ''}; ${m.cpus} × ${m.cpu_model}, node ${m.node}, load ${m.loadavg_before.map((l) => l.toFixed(1)).join('/')}${pressure} (other work on the machine adds noise)`,
    'medians over the repeats, ± half the min–max range; ratios and +ms are against `direct` (the mock alone) in the same run',
  ].join('\n');
  return `${head}\n\n${main}\n\n${goals}\n`;
}
