import { TRAP_CATEGORIES } from './case-schema.js';
import type { Rate } from './metrics.js';
import type { BenchReport, StrategyResult } from './run-bench.js';
import { curveChart, esc, heatMap, savingsBars, type CurvePoint } from './svg-charts.js';

/** A self-contained HTML report: inline CSS and SVG, no scripts, no external assets. */

const pct = (r: Rate) => (r.value === null ? '–' : `${(100 * r.value).toFixed(1)}%`);
const ci = (r: Rate) => (r.ci95 === null ? '' : `<small>[${(100 * r.ci95[0]).toFixed(1)}–${(100 * r.ci95[1]).toFixed(1)}]</small>`);

function table(results: readonly StrategyResult[]): string {
  const head = ['strategy', 'hit rate', 'safe hit rate', 'bad hit rate', 'bad hits /1K', 'trap failure', 'severe bad hits', 'cross-scope', '₹ saved /1K', '$ saved /1K', 'net saving rate'];
  const rows = results.map((r) => {
    const m = r.metrics;
    const cells = [
      `<span title="${esc(r.description)}">${esc(r.strategy)}</span>`,
      pct(m.hit_rate),
      `${pct(m.safe_hit_rate)} ${ci(m.safe_hit_rate)}`,
      `${pct(m.bad_hit_rate)} ${ci(m.bad_hit_rate)}`,
      m.bad_hits_per_1k.toFixed(1),
      `${pct(m.trap_failure_rate)} ${ci(m.trap_failure_rate)}`,
      String(m.severe_bad_hits),
      m.cross_scope_hits > 0 ? `<b class="bad">${m.cross_scope_hits}</b>` : '0',
      `₹${Number(m.money.safe_saved_per_1k.inr).toFixed(2)}`,
      `$${Number(m.money.safe_saved_per_1k.usd).toFixed(4)}`,
      m.money.net_saving_rate === null ? '–' : `${(100 * m.money.net_saving_rate).toFixed(1)}%`,
    ];
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function curve(results: readonly StrategyResult[]): string {
  const points: CurvePoint[] = results
    .filter((r) => r.metrics.bad_hit_rate.value !== null || r.family === 'none')
    .map((r) => ({ series: r.family, label: r.threshold === null ? r.strategy : r.threshold.toFixed(2), x: r.metrics.bad_hit_rate.value ?? 0, y: r.metrics.safe_hit_rate.value ?? 0 }));
  return curveChart(points, 'bad hit rate (share of hits that were wrong)', 'safe hit rate (share of safe opportunities served)');
}

function heat(results: readonly StrategyResult[], keys: readonly string[], pick: 'trap_failure_by_category' | 'trap_failure_by_language'): string {
  const byName = new Map(results.map((r) => [r.strategy, r]));
  return heatMap(keys, results.map((r) => r.strategy), (row, col) => byName.get(col)?.metrics[pick][row]?.value ?? null);
}

const savings = (results: readonly StrategyResult[]) =>
  savingsBars(results.map((r) => ({ label: r.strategy, safe: Number(r.metrics.money.safe_saved_per_1k.inr), liability: (1000 * Number(r.metrics.money.bad_hit_liability.inr)) / Math.max(1, r.metrics.requests) })), '₹');

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}table{border-collapse:collapse;margin:8px 0 20px;font-size:12px}th,td{border:1px solid #ddd;padding:4px 6px;text-align:right}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}small{color:#777}.bad{color:#c00}.note{background:#fff8e1;border-left:4px solid #f0b400;padding:6px 10px}h2{margin-top:32px}figure{margin:8px 0 24px}figcaption{font-size:12px;color:#555}`;

export function renderHtml(report: BenchReport): string {
  const m = report.model;
  const languages = Object.keys(report.dataset.by_language);
  const traps = TRAP_CATEGORIES.filter((c) => report.dataset.by_category[c] !== undefined);
  const sections = report.traces.map((t) => {
    const mix = Object.entries(t.declared_mix).map(([k, v]) => `${k} ${Math.round(v * 100)}%`).join(' / ');
    return `<h2>Trace ${esc(t.name)}</h2><p>${esc(t.description)} ${t.requests} requests; declared mix ${esc(mix)}.</p>${table(t.results)}<figure>${curve(t.results)}<figcaption>Safe hit rate against bad hit rate on this trace.</figcaption></figure><figure>${savings(t.results)}<figcaption>₹ per 1K requests: safe savings and the "savings" of wrong answers.</figcaption></figure>`;
  });
  const verdict = report.failures.length === 0 ? '<p><b>PASS</b>: no cross-scope hits.</p>' : `<p class="bad"><b>FAIL</b>: ${report.failures.map(esc).join('; ')}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>CacheSafety Bench report</title><style>${STYLE}</style></head><body>
<h1>CacheSafety Bench</h1>
<p>${esc(report.mode)} run, ${esc(report.generated_at)}. ${report.dataset.cases} pair cases (${report.dataset.trap_cases} traps in ${traps.length} categories, ${report.dataset.control_cases} must-hit controls) in ${esc(languages.join(', '))}. Priced as <b>${esc(m.id)}</b> (${esc(m.provider)}, $${m.input_usd_per_mtok ?? '?'} / $${m.output_usd_per_mtok ?? '?'} per 1M input/output tokens, catalog ${esc(m.catalog_version)}), ₹${report.settings.usd_inr} per $, replays charged at ${100 - report.settings.exact_cache_discount_pct}% of list.</p>
<p class="note"><b>lexical</b> and <b>lexical-lastmsg</b> are a <b>lexical proxy</b> for embedding caches (character 3–5-gram TF-IDF cosine), not an embedding model. Their numbers show the shape of the threshold trade-off, not what any embedding cache scores.</p>
${verdict}
<h2>Pair cases</h2>${table(report.pairs)}
<figure>${curve(report.pairs)}<figcaption>Safe hit rate against bad hit rate; lexical points are labelled with their threshold.</figcaption></figure>
<h2>Trap failure by category</h2><figure>${heat(report.pairs, traps, 'trap_failure_by_category')}<figcaption>Share of trap probes served from the cache (lower is better).</figcaption></figure>
<h2>Trap failure by language</h2><figure>${heat(report.pairs, languages, 'trap_failure_by_language')}</figure>
<h2>Savings</h2><figure>${savings(report.pairs)}<figcaption>₹ per 1K probe requests: safe savings (green) and the "savings" of wrong answers, a liability (red).</figcaption></figure>
${sections.join('\n')}
</body></html>
`;
}
