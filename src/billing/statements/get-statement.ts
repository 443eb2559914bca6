import { sql, type Kysely, type Selectable } from 'kysely';
import { appendAudit } from '../../audit/audit-log.js';
import type { Database, TeamsTable } from '../../db/schema.js';
import { sortableId } from '../../util/ids.js';
import { istDay, istMonthRange } from '../../util/ist-periods.js';
import { buildStatement } from './build-statement.js';
import type { GstSettings } from './gst.js';
import { financialYearOf, formatInvoiceNumber } from './invoice-number.js';
import type { InvoiceRef, Statement } from './statement.js';
import { statementUsage } from './statement-usage.js';

/**
 * A receipt is stamped with its request's start time and written when the request ends, so a
 * request that starts just before midnight on the last day lands in that month a little later.
 * A month is final (and invoiced) only once this grace has passed after its end.
 */
export const CLOSING_GRACE_MS = 60 * 60 * 1000;

export interface StatementRequest {
  team: Selectable<TeamsTable>;
  month: string;
  nowMs: number;
  gst: GstSettings;
  /** Who fetched it: recorded in the audit trail when this fetch issues the invoice. */
  actor: string;
}

export class FutureMonthError extends Error {}

/**
 * The statement of (team, month). Provisional while the month is open: recomputed on every
 * fetch, no invoice. Final afterwards: the first fetch with charges assigns the next invoice
 * serial of the financial year and freezes the statement; later fetches return it unchanged.
 */
export async function getStatement(db: Kysely<Database>, req: StatementRequest): Promise<Statement> {
  const [startMs, endMs] = istMonthRange(req.month);
  if (startMs > req.nowMs) throw new FutureMonthError(`${req.month} has not started yet (IST).`);
  const closesMs = endMs + CLOSING_GRACE_MS;
  const status = req.nowMs < closesMs ? 'provisional' : 'final';

  if (status === 'final') {
    const issued = await findIssued(db, req.team.id, req.month);
    if (issued) return issued;
  }
  const usage = await statementUsage(db, req.team.id, startMs, endMs);
  const ctx = { team: req.team, month: req.month, nowMs: req.nowMs, status, gst: req.gst, closesMs } as const;
  const draft = buildStatement({ ...ctx, invoice: null }, usage);
  if (status === 'provisional' || draft.totals.taxable_value_uinr === 0) return draft;

  return db.transaction().execute(async (trx) => {
    const fy = financialYearOf(req.nowMs);
    // Lock the financial year's counter row before looking for an invoice, so two fetches (of
    // this team or another) cannot take the same serial or issue this month twice.
    await trx.insertInto('invoice_counters').values({ financial_year: fy.label, last_serial: 0 }).onConflict((oc) => oc.column('financial_year').doNothing()).execute();
    await trx.updateTable('invoice_counters').set({ last_serial: sql<number>`last_serial` }).where('financial_year', '=', fy.label).execute();
    const already = await findIssued(trx, req.team.id, req.month);
    if (already) return already;
    const counter = await trx.selectFrom('invoice_counters').select('last_serial').where('financial_year', '=', fy.label).executeTakeFirstOrThrow();
    const serial = Number(counter.last_serial) + 1;
    const invoice: InvoiceRef = { number: formatInvoiceNumber(fy, serial), date: istDay(req.nowMs), financial_year: fy.label };
    const statement = buildStatement({ ...ctx, invoice }, usage);
    await trx.updateTable('invoice_counters').set({ last_serial: serial }).where('financial_year', '=', fy.label).execute();
    await trx
      .insertInto('statements')
      .values({
        id: sortableId('stmt_', req.nowMs),
        team_id: req.team.id,
        month: req.month,
        invoice_number: invoice.number,
        financial_year: fy.label,
        serial,
        issued_ms: req.nowMs,
        taxable_uinr: statement.totals.taxable_value_uinr,
        tax_uinr: statement.totals.tax_uinr,
        total_uinr: statement.totals.total_uinr,
        body: JSON.stringify(statement),
      })
      .execute();
    await appendAudit(trx, {
      actor: req.actor,
      action: 'invoice.issue',
      target: req.team.id,
      before: null,
      after: { invoice_number: invoice.number, month: req.month, taxable_value_uinr: statement.totals.taxable_value_uinr, tax_uinr: statement.totals.tax_uinr, total_uinr: statement.totals.total_uinr },
    });
    return statement;
  });
}

async function findIssued(db: Kysely<Database>, teamId: string, month: string): Promise<Statement | null> {
  const row = await db.selectFrom('statements').select('body').where('team_id', '=', teamId).where('month', '=', month).executeTakeFirst();
  return row ? (JSON.parse(row.body) as Statement) : null;
}
