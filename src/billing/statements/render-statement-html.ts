import { mulDivRound } from '../money.js';
import { monthName } from './build-statement.js';
import type { Statement, UsageTotals } from './statement.js';

/**
 * The statement as one self-contained, printable HTML page: no scripts, fonts, images or other
 * requests; print CSS for A4. Every value from the database is escaped.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const grouping = new Intl.NumberFormat('en-IN');

/** µINR → "₹1,23,456.7800": en-IN grouping with four decimals, exact (no floats), for small line amounts. */
export function formatInrDetailed(uinr: number | bigint): string {
  const units = mulDivRound(BigInt(uinr), 1n, 100n);
  return `₹${grouping.format(units / 10_000n)}.${(units % 10_000n).toString().padStart(4, '0')}`;
}

const MODE_LABELS: Record<string, string> = { fresh: 'Fresh (upstream)', exact_cache: 'Exact cache', canonical_cache: 'Canonical cache' };

function usageCells(t: UsageTotals): string {
  return `<td class="num">${grouping.format(t.requests)}</td><td class="num">${formatInrDetailed(t.list_cost_uinr)}</td><td class="num">${formatInrDetailed(t.charged_uinr)}</td><td class="num">${formatInrDetailed(t.saved_uinr)}</td>`;
}

const USAGE_HEAD = '<th class="num">Requests</th><th class="num">List cost</th><th class="num">Charged</th><th class="num">Saved by cache</th>';

const STYLE = `
*{box-sizing:border-box}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#111;margin:0;background:#f4f4f5}
main{max-width:210mm;margin:16px auto;background:#fff;padding:14mm 14mm 18mm;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:20px;margin:0 0 2px}h2{font-size:14px;margin:22px 0 6px;border-bottom:1px solid #ccc;padding-bottom:3px}
.muted{color:#555}.banner{background:#fff4d6;border:1px solid #e0b84c;padding:6px 10px;margin:10px 0;font-weight:600}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:8px 24px;margin-top:12px}
.grid div span{display:block;color:#555;font-size:11px;text-transform:uppercase;letter-spacing:.04em}
table{width:100%;border-collapse:collapse;margin-top:4px}th,td{padding:4px 6px;border-bottom:1px solid #e4e4e7;text-align:left;vertical-align:top}
th{font-size:11px;text-transform:uppercase;letter-spacing:.03em;color:#444;background:#fafafa}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:700;border-top:2px solid #111}
.sub td:first-child{padding-left:18px;color:#444}
ul.notes{padding-left:18px;margin:4px 0}
footer{margin-top:20px;font-size:11px;color:#555}
@page{size:A4;margin:12mm}
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}.banner{border-color:#999;background:#fff}}
`;

export function renderStatementHtml(s: Statement): string {
  const title = s.invoice ? 'Tax invoice' : s.status === 'provisional' ? 'Statement (provisional)' : 'Statement';
  const place = s.place_of_supply ? `${escapeHtml(s.place_of_supply.state_name)} (${escapeHtml(s.place_of_supply.state_code)})` : 'Place of supply unknown';
  const supplierState = s.supplier.state ? `${escapeHtml(s.supplier.state.state_name)} (${escapeHtml(s.supplier.state.state_code)})` : 'not configured';
  const projectRows = s.projects
    .map((p) => {
      const modes = Object.entries(p.by_serve_mode)
        .filter(([, t]) => t.requests > 0)
        .map(([mode, t]) => `<tr class="sub"><td>${escapeHtml(MODE_LABELS[mode] ?? mode)}</td>${usageCells(t)}</tr>`)
        .join('');
      return `<tr><td><strong>${escapeHtml(p.name)}</strong><br><span class="muted">${escapeHtml(p.project_id)}</span></td>${usageCells(p)}</tr>${modes}`;
    })
    .join('');
  const modeRows = Object.entries(s.by_serve_mode)
    .map(([mode, t]) => `<tr><td>${escapeHtml(MODE_LABELS[mode] ?? mode)}</td>${usageCells(t)}</tr>`)
    .join('');
  const taxRows = s.display.taxes.map((t) => `<tr><td>${escapeHtml(t.head)} @ ${escapeHtml(t.rate_pct)}%</td><td class="num">${escapeHtml(t.amount)}</td></tr>`).join('');

  return `<!doctype html>
<html lang="en-IN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(`${title} — ${s.recipient.name} — ${monthName(s.month)}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<div class="muted">NextModel — usage for ${escapeHtml(monthName(s.month))} (IST)</div>
${s.status === 'provisional' ? '<div class="banner">Provisional — the month is not closed; this is not a tax invoice and the figures can change.</div>' : ''}
<div class="grid">
<div><span>Invoice no.</span>${s.invoice ? escapeHtml(s.invoice.number) : '—'}</div>
<div><span>Invoice date</span>${s.invoice ? escapeHtml(s.invoice.date) : '—'}</div>
<div><span>Supplier GSTIN</span>${escapeHtml(s.supplier.gstin ?? 'not configured')}</div>
<div><span>Supplier state</span>${supplierState}</div>
<div><span>Bill to</span><strong>${escapeHtml(s.recipient.name)}</strong><br><span class="muted">${escapeHtml(s.recipient.team_id)}</span></div>
<div><span>Recipient GSTIN</span>${escapeHtml(s.recipient.gstin ?? 'unregistered')}</div>
<div><span>Place of supply</span>${place}</div>
<div><span>Reverse charge</span>No</div>
<div><span>SAC</span>${escapeHtml(s.sac.code)} — ${escapeHtml(s.sac.description)}</div>
<div><span>Period</span>${escapeHtml(s.period.start)} – ${escapeHtml(s.period.end)}</div>
</div>

<h2>Summary</h2>
<table>
<tr><td>Taxable value</td><td class="num">${escapeHtml(s.display.taxable_value)}</td></tr>
${taxRows}
<tr class="total"><td>Total</td><td class="num">${escapeHtml(s.display.total)}</td></tr>
</table>
<p><em>${escapeHtml(s.display.total_in_words)}</em></p>

<h2>Usage by project</h2>
<table>
<thead><tr><th>Project</th>${USAGE_HEAD}</tr></thead>
<tbody>${projectRows || '<tr><td colspan="5" class="muted">No usage this month.</td></tr>'}</tbody>
<tfoot><tr class="total"><td>All projects</td>${usageCells(s.totals)}</tr></tfoot>
</table>

<h2>Fresh and cached</h2>
<table>
<thead><tr><th>Served as</th>${USAGE_HEAD}</tr></thead>
<tbody>${modeRows}</tbody>
</table>

<h2>Notes</h2>
<ul class="notes">${[...s.notes, s.rounding_rule].map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<footer>Generated ${escapeHtml(s.generated)}. Every amount reconciles with the signed receipts of the period (GET /v1/receipts).</footer>
</main>
</body>
</html>
`;
}
