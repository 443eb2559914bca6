import { formatInr } from '../money.js';
import { istMonthRange } from '../../util/ist-periods.js';
import { amountInWords } from './amount-in-words.js';
import { computeGst, roundToPaise, type GstSettings } from './gst.js';
import type { InvoiceRef, Statement } from './statement.js';
import { toUsage, type StatementUsage } from './statement-usage.js';

/**
 * SAC 998315 "hosting and IT infrastructure provisioning": metered API access to hosted models.
 * Classification is a tax adviser's call (998319 "other IT services" is the alternative).
 */
export const SAC = { code: '998315', description: 'LLM API access (hosted model inference), metered usage' } as const;

export const ROUNDING_RULE =
  'Taxable value = sum of the exact charges of the month’s receipts, rounded half-up to the paisa. Tax = taxable value × rate, rounded half-up to the paisa, computed once on the taxable value. CGST = tax/2 rounded up and SGST/UTGST = tax/2 rounded down, so the two heads sum to the tax exactly. Line amounts are exact (µINR) and shown rounded.';

export interface StatementContext {
  team: { id: string; name: string; gstin: string | null; state_code: string | null };
  month: string;
  nowMs: number;
  status: 'provisional' | 'final';
  gst: GstSettings;
  invoice: InvoiceRef | null;
  /** When the month closes for billing (epoch ms), for the provisional note. */
  closesMs: number;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1] ?? month} ${y}`;
}

export function buildStatement(ctx: StatementContext, usage: StatementUsage): Statement {
  const [startMs, endMs] = istMonthRange(ctx.month);
  const exact = usage.total.charged;
  const taxable = roundToPaise(exact);
  const gst = computeGst(taxable, ctx.gst, ctx.team);
  const total = Number(taxable) + gst.tax_uinr;
  const notes = [...gst.notes];
  if (ctx.status === 'provisional') {
    notes.unshift(`Provisional: ${monthName(ctx.month)} closes for billing at ${new Date(ctx.closesMs).toISOString()}; until then the figures can change and no invoice number is assigned.`);
  } else if (!ctx.invoice) {
    notes.unshift('No charges this month: no tax invoice is issued.');
  }
  return {
    object: 'statement',
    team_id: ctx.team.id,
    month: ctx.month,
    period: { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), time_zone: 'Asia/Kolkata' },
    status: ctx.status,
    generated: new Date(ctx.nowMs).toISOString(),
    invoice: ctx.invoice,
    supplier: { gstin: ctx.gst.supplier_gstin, state: gst.supplier_state },
    recipient: { team_id: ctx.team.id, name: ctx.team.name, gstin: ctx.team.gstin, state_code: ctx.team.state_code },
    supply: gst.supply,
    place_of_supply: gst.place_of_supply,
    sac: { code: SAC.code, description: `${SAC.description} for ${monthName(ctx.month)}` },
    reverse_charge: false,
    currency: 'INR',
    projects: usage.projects,
    by_serve_mode: usage.byServeMode,
    totals: {
      ...toUsage(usage.total),
      taxable_value_uinr: Number(taxable),
      rounding_uinr: Number(taxable - exact),
      taxes: gst.taxes,
      tax_uinr: gst.tax_uinr,
      total_uinr: total,
    },
    display: {
      charged: formatInr(exact),
      taxable_value: formatInr(taxable),
      taxes: gst.taxes.map((t) => ({ head: t.head, rate_pct: t.rate_pct, amount: formatInr(t.amount_uinr) })),
      tax: formatInr(gst.tax_uinr),
      total: formatInr(total),
      total_in_words: amountInWords(total),
    },
    rounding_rule: ROUNDING_RULE,
    notes,
  };
}
