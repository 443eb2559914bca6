import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { budgetExceeded } from '../openai/errors.js';
import { formatMicro } from '../billing/money.js';
import { sortableId } from '../util/ids.js';
import { budgetedCounters, RECEIPT_SCOPE_COLUMN, type BudgetedCounter, type CounterRef, type SpendScope } from './spend-scopes.js';

/**
 * Budget enforcement (SPEC §7): before the upstream call a request reserves its worst-case cost
 * against every hard budget over it, with a conditional UPDATE that succeeds only while
 * spent + reserved + amount ≤ limit — atomic on SQLite and PostgreSQL alike, so concurrent
 * requests cannot overspend. Settling (in the same transaction as the receipt insert) releases the
 * reservation and adds the actual charge, so counters always equal the receipts.
 *
 * Counters exist only for budgeted scopes; a counter is created on first use from the receipts
 * already charged in its period, so a budget set mid-month starts from the true spend.
 */

export interface Reservation {
  id: string;
  amountUinr: number;
  counters: CounterRef[];
}

export interface CounterState extends BudgetedCounter {
  spentUinr: number;
}

type Db = Kysely<Database> | Transaction<Database>;

async function ensureCounter(db: Db, c: BudgetedCounter): Promise<void> {
  // The common case is a counter that exists: a key lookup, not a SUM over the period's receipts
  // (which would make every budgeted request slower as the day's receipts pile up).
  const exists = await db.selectFrom('spend_counters').select('period').where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirst();
  if (exists) return;
  const column = RECEIPT_SCOPE_COLUMN[c.scope_kind];
  const spent = await db
    .selectFrom('receipts')
    .select(sql<number>`coalesce(sum(charged_uinr), 0)`.as('spent'))
    .where(column, '=', c.scope_id)
    .where('created_ms', '>=', c.fromMs)
    .executeTakeFirst();
  await db
    .insertInto('spend_counters')
    .values({ scope_kind: c.scope_kind, scope_id: c.scope_id, period: c.period, spent_uinr: Number(spent?.spent ?? 0), reserved_uinr: 0 })
    .onConflict((oc) => oc.columns(['scope_kind', 'scope_id', 'period']).doNothing())
    .execute();
}

/** Reserves `amountUinr` against every hard budget over these scopes, or throws 402 and reserves nothing. */
export async function reserveBudget(db: Kysely<Database>, scopes: readonly SpendScope[], amountUinr: number, now = Date.now()): Promise<Reservation | null> {
  const hard = budgetedCounters(scopes, now).filter((c) => c.mode === 'hard');
  if (hard.length === 0) return null;
  return db.transaction().execute(async (trx) => {
    for (const c of hard) {
      await ensureCounter(trx, c);
      const result = await trx
        .updateTable('spend_counters')
        .set({ reserved_uinr: sql`reserved_uinr + ${amountUinr}` })
        .where('scope_kind', '=', c.scope_kind)
        .where('scope_id', '=', c.scope_id)
        .where('period', '=', c.period)
        .where(sql<boolean>`spent_uinr + reserved_uinr + ${amountUinr} <= ${c.limitUinr}`)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) {
        const row = await trx.selectFrom('spend_counters').select(['spent_uinr', 'reserved_uinr']).where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirst();
        const which = c.period.startsWith('d:') ? 'daily' : 'monthly';
        // Throwing rolls back the reservations already made in this transaction.
        throw budgetExceeded(
          `The ${which} budget of ${c.scope_kind} ${c.scope_id} (₹${formatMicro(c.limitUinr)}) does not cover this request: ₹${formatMicro(Number(row?.spent_uinr ?? 0))} spent, ₹${formatMicro(Number(row?.reserved_uinr ?? 0))} reserved by requests in flight, up to ₹${formatMicro(amountUinr)} needed.`,
        );
      }
    }
    const reservation: Reservation = { id: sortableId('rsv_', now), amountUinr, counters: hard.map(({ scope_kind, scope_id, period }) => ({ scope_kind, scope_id, period })) };
    await trx.insertInto('spend_reservations').values({ id: reservation.id, created_ms: now, amount_uinr: amountUinr, counters_json: JSON.stringify(reservation.counters) }).execute();
    return reservation;
  });
}

/**
 * Inside the receipt's transaction: release the reservation (if any) and add the charge to every
 * budgeted counter of these scopes. Returns the counters after the charge, for alerts.
 */
export async function settleBudget(trx: Transaction<Database>, scopes: readonly SpendScope[], reservation: Reservation | null, chargedUinr: number, createdMs: number): Promise<CounterState[]> {
  if (reservation) {
    const deleted = await trx.deleteFrom('spend_reservations').where('id', '=', reservation.id).executeTakeFirst();
    // A reservation already released by the stale sweeper must not be released twice.
    if (Number(deleted.numDeletedRows) > 0) {
      for (const c of reservation.counters) {
        await trx
          .updateTable('spend_counters')
          .set({ reserved_uinr: sql`reserved_uinr - ${reservation.amountUinr}` })
          .where('scope_kind', '=', c.scope_kind)
          .where('scope_id', '=', c.scope_id)
          .where('period', '=', c.period)
          .execute();
      }
    }
  }
  const budgeted = budgetedCounters(scopes, createdMs);
  const states: CounterState[] = [];
  for (const c of budgeted) {
    // The receipt row inserted just before is counted by ensureCounter's SUM when the counter is
    // new, so only an existing counter gets the charge added.
    const existed = await trx.selectFrom('spend_counters').select('spent_uinr').where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirst();
    if (existed) {
      if (chargedUinr !== 0) {
        await trx
          .updateTable('spend_counters')
          .set({ spent_uinr: sql`spent_uinr + ${chargedUinr}` })
          .where('scope_kind', '=', c.scope_kind)
          .where('scope_id', '=', c.scope_id)
          .where('period', '=', c.period)
          .execute();
      }
      states.push({ ...c, spentUinr: Number(existed.spent_uinr) + chargedUinr });
    } else {
      await ensureCounter(trx, c);
      const row = await trx.selectFrom('spend_counters').select('spent_uinr').where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirstOrThrow();
      states.push({ ...c, spentUinr: Number(row.spent_uinr) });
    }
  }
  return states;
}

/** Releases reservations of requests that never settled (a crash, a lost connection). */
export async function releaseStaleReservations(db: Kysely<Database>, olderThanMs: number, now = Date.now()): Promise<number> {
  const stale = await db.selectFrom('spend_reservations').selectAll().where('created_ms', '<', now - olderThanMs).execute();
  let released = 0;
  for (const r of stale) {
    await db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('spend_reservations').where('id', '=', r.id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return;
      for (const c of JSON.parse(r.counters_json) as CounterRef[]) {
        await trx
          .updateTable('spend_counters')
          .set({ reserved_uinr: sql`reserved_uinr - ${Number(r.amount_uinr)}` })
          .where('scope_kind', '=', c.scope_kind)
          .where('scope_id', '=', c.scope_id)
          .where('period', '=', c.period)
          .execute();
      }
      released++;
    });
  }
  return released;
}
