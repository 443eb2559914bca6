import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { budgetExceeded } from '../openai/errors.js';
import { formatMicro } from '../billing/money.js';
import { sortableId } from '../util/ids.js';
import { transact } from '../db/group-commit.js';
import { chargedSinceDayStart } from '../usage/usage-rollup.js';
import { affectedRows, hotQuery } from '../db/hot-query.js';
import { budgetedCounters, RECEIPT_SCOPE_COLUMN, type BudgetedCounter, type CounterRef, type SpendScope } from './spend-scopes.js';
import type { LocalReservations } from './local-reservations.js';

/**
 * Budget enforcement (SPEC §7): before the upstream call a request reserves its worst-case cost
 * against every hard budget over it, with a conditional UPDATE that succeeds only while
 * spent + reserved + amount ≤ limit — atomic on SQLite and PostgreSQL alike, so concurrent
 * requests cannot overspend. Settling (in the same transaction as the receipt insert) releases the
 * reservation and adds the actual charge, so counters always equal the receipts.
 *
 * Counters exist only for budgeted scopes; a counter is created on first use from what was
 * already charged in its period (the daily usage rollup, which equals the receipts), so a budget set mid-month starts from the true spend.
 *
 * Where the reservation lives: on PostgreSQL (a fleet) in `spend_reservations` and the counters'
 * reserved_uinr, so every replica sees it; on SQLite (one serving process) in memory
 * (local-reservations.ts), which spares each fresh request a commit before its upstream call.
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

// The per-request statements, as fixed SQL (src/db/hot-query.ts).
const COUNTER_KEY = 'scope_kind = ? and scope_id = ? and period = ?';
const RESERVE = hotQuery(`update spend_counters set reserved_uinr = reserved_uinr + ? where ${COUNTER_KEY} and spent_uinr + reserved_uinr + ? <= ?`);
const INSERT_RESERVATION = hotQuery('insert into spend_reservations (id, created_ms, amount_uinr, counters_json) values (?, ?, ?, ?)');
const DELETE_RESERVATION = hotQuery('delete from spend_reservations where id = ?');
const RELEASE = hotQuery(`update spend_counters set reserved_uinr = reserved_uinr - ? where ${COUNTER_KEY}`);
const SETTLE = hotQuery<{ spent_uinr: number | string }>(`update spend_counters set spent_uinr = spent_uinr + ?, reserved_uinr = reserved_uinr - ? where ${COUNTER_KEY} returning spent_uinr`);
const CHARGE_WITHIN = hotQuery<{ spent_uinr: number | string }>(`update spend_counters set spent_uinr = spent_uinr + ? where ${COUNTER_KEY} and spent_uinr + reserved_uinr + ? <= ? returning spent_uinr`);
// PostgreSQL only (a data-modifying CTE, which SQLite lacks): the whole reservation against one
// counter as one autocommit statement — one round trip instead of BEGIN, UPDATE, INSERT, COMMIT.
// It inserts the reservation row only if the conditional UPDATE took it; no row back means the
// counter is missing or the budget does not cover it, and the general path sorts out which.
const RESERVE_ONE = hotQuery(
  `with taken as (update spend_counters set reserved_uinr = reserved_uinr + ? where ${COUNTER_KEY} and spent_uinr + reserved_uinr + ? <= ? returning 1)
   insert into spend_reservations (id, created_ms, amount_uinr, counters_json) select ?, ?, ?, ? from taken returning id`,
);
const COUNTER = hotQuery<{ spent_uinr: number | string; reserved_uinr: number | string }>(`select spent_uinr, reserved_uinr from spend_counters where ${COUNTER_KEY}`);

const keyOf = (c: CounterRef) => [c.scope_kind, c.scope_id, c.period] as const;
const sameCounter = (a: CounterRef, b: CounterRef) => a.scope_kind === b.scope_kind && a.scope_id === b.scope_id && a.period === b.period;

/**
 * Creates the counter if it does not exist yet, from the receipts already charged in its period;
 * returns false if it already existed. Only the rare path runs this: the hot statements update
 * the counter directly and come here when they touched no row.
 */
async function createCounter(db: Db, c: BudgetedCounter): Promise<boolean> {
  const exists = await COUNTER.run(db, keyOf(c));
  if (exists.rows.length > 0) return false;
  const spent = await chargedSinceDayStart(db, RECEIPT_SCOPE_COLUMN[c.scope_kind], c.scope_id, c.fromMs);
  await db
    .insertInto('spend_counters')
    .values({ scope_kind: c.scope_kind, scope_id: c.scope_id, period: c.period, spent_uinr: spent, reserved_uinr: 0 })
    .onConflict((oc) => oc.columns(['scope_kind', 'scope_id', 'period']).doNothing())
    .execute();
  return true;
}

function refusal(c: BudgetedCounter, spentUinr: number, reservedUinr: number, amountUinr: number): Error {
  const which = c.period.startsWith('d:') ? 'daily' : 'monthly';
  return budgetExceeded(
    `The ${which} budget of ${c.scope_kind} ${c.scope_id} (₹${formatMicro(c.limitUinr)}) does not cover this request: ₹${formatMicro(spentUinr)} spent, ₹${formatMicro(reservedUinr)} reserved by requests in flight, up to ₹${formatMicro(amountUinr)} needed.`,
  );
}

async function refuse(db: Db, c: BudgetedCounter, amountUinr: number): Promise<never> {
  const row = (await COUNTER.run(db, keyOf(c))).rows[0];
  // Throwing rolls back whatever the caller's transaction already did.
  throw refusal(c, Number(row?.spent_uinr ?? 0), Number(row?.reserved_uinr ?? 0), amountUinr);
}

/**
 * Runs a conditional statement against a hard counter; if it touched no row because the counter
 * does not exist yet, creates the counter and tries once more; else the budget does not cover it.
 */
async function withinBudget<T>(db: Db, c: BudgetedCounter, amountUinr: number, attempt: () => Promise<T | null>): Promise<T> {
  const first = await attempt();
  if (first !== null) return first;
  if (await createCounter(db, c)) {
    const second = await attempt();
    if (second !== null) return second;
  }
  return refuse(db, c, amountUinr);
}

/**
 * Reserves `amountUinr` against every hard budget over these scopes, or throws 402 and reserves
 * nothing. With `local` (SQLite), the reservation is held in memory.
 */
export async function reserveBudget(db: Kysely<Database>, scopes: readonly SpendScope[], amountUinr: number, now = Date.now(), local: LocalReservations | null = null): Promise<Reservation | null> {
  const hard = budgetedCounters(scopes, now).filter((c) => c.mode === 'hard');
  if (hard.length === 0) return null;
  const reservation = reservationOf(hard, amountUinr, now);
  if (local) return holdLocally(local, reservation, hard, (c) => transact(db, (trx) => createCounter(trx, c)));
  const only = hard.length === 1 ? hard[0] : undefined;
  if (only && db.getExecutor().adapter instanceof PostgresAdapter) {
    const taken = await RESERVE_ONE.run(db, [amountUinr, ...keyOf(only), amountUinr, only.limitUinr, reservation.id, now, amountUinr, JSON.stringify(reservation.counters)]);
    if (taken.rows.length > 0) return reservation;
  }
  return transact(db, async (trx) => {
    for (const c of hard) {
      await withinBudget(trx, c, amountUinr, async () => {
        const result = await RESERVE.run(trx, [amountUinr, ...keyOf(c), amountUinr, c.limitUinr]);
        return affectedRows(result) > 0 ? true : null;
      });
    }
    await INSERT_RESERVATION.run(trx, [reservation.id, now, amountUinr, JSON.stringify(reservation.counters)]);
    return reservation;
  });
}

async function holdLocally(local: LocalReservations, reservation: Reservation, hard: readonly BudgetedCounter[], createMissing: (c: BudgetedCounter) => Promise<unknown>): Promise<Reservation> {
  // Each pass holds, refuses, or creates one missing counter, so this ends within hard.length + 1 passes.
  for (let pass = 0; pass <= hard.length; pass++) {
    const outcome = local.tryHold(reservation, hard);
    if (outcome.kind === 'held') return reservation;
    if (outcome.kind === 'refused') throw refusal(outcome.counter, outcome.spentUinr, outcome.reservedUinr, reservation.amountUinr);
    await createMissing(outcome.counter);
  }
  throw new Error('budget counters could not be created');
}

/**
 * SQLite's way to charge an amount known up front (a cache replay): inside the receipt's
 * transaction, before the receipt insert, hold it in memory like a fresh request's reservation
 * (402 when a hard budget does not cover it, counting what requests in flight hold), then
 * `settleBudget` moves it to spent after the insert. Holding first is what keeps a replay and a
 * concurrent fresh reservation from both fitting into the same room.
 */
export async function holdExact(trx: Transaction<Database>, local: LocalReservations, scopes: readonly SpendScope[], amountUinr: number, createdMs: number): Promise<Reservation | null> {
  const hard = budgetedCounters(scopes, createdMs).filter((c) => c.mode === 'hard');
  if (hard.length === 0) return null;
  return holdLocally(local, reservationOf(hard, amountUinr, createdMs), hard, (c) => createCounter(trx, c));
}


function reservationOf(hard: readonly BudgetedCounter[], amountUinr: number, now: number): Reservation {
  return { id: sortableId('rsv_', now), amountUinr, counters: hard.map(({ scope_kind, scope_id, period }) => ({ scope_kind, scope_id, period })) };
}

/**
 * Inside the receipt's transaction, after the receipt insert: release the reservation (if any) and
 * add the charge to every budgeted counter of these scopes, one statement per counter. Returns the
 * counters after the charge, for alerts (none when nothing was charged).
 */
export async function settleBudget(trx: Transaction<Database>, scopes: readonly SpendScope[], reservation: Reservation | null, chargedUinr: number, createdMs: number, local: LocalReservations | null = null): Promise<CounterState[]> {
  // A reservation already released by the stale sweeper must not be released twice. One held in
  // memory (local) moves to spent when `local.release` runs below, after the counters took the charge.
  const released = reservation !== null && !local && affectedRows(await DELETE_RESERVATION.run(trx, [reservation.id])) > 0;
  const toRelease = released ? [...reservation.counters] : [];
  const releaseUinr = released ? reservation.amountUinr : 0;
  const states: CounterState[] = [];
  for (const c of budgetedCounters(scopes, createdMs)) {
    const i = toRelease.findIndex((r) => sameCounter(r, c));
    const release = i >= 0 ? releaseUinr : 0;
    if (i >= 0) toRelease.splice(i, 1);
    if (release === 0 && chargedUinr === 0) continue;
    const row = (await SETTLE.run(trx, [chargedUinr, release, ...keyOf(c)])).rows[0];
    if (row) {
      states.push({ ...c, spentUinr: Number(row.spent_uinr) });
      continue;
    }
    // A new counter starts from the period's charges (the usage rollup), which include the receipt
    // inserted just before;
    // one that another transaction created meanwhile gets the charge added.
    const after = (await createCounter(trx, c)) ? (await COUNTER.run(trx, keyOf(c))).rows[0] : (await SETTLE.run(trx, [chargedUinr, release, ...keyOf(c)])).rows[0];
    states.push({ ...c, spentUinr: Number(after?.spent_uinr ?? 0) });
  }
  // Counters reserved against that no budget limits any more (a budget removed mid-request).
  for (const r of toRelease) await RELEASE.run(trx, [releaseUinr, ...keyOf(r)]);
  if (reservation && local) local.release(reservation.id);
  return chargedUinr > 0 ? states : [];
}

/**
 * Inside the receipt's transaction, before the receipt insert: charge an amount known up front (a
 * cache replay) with no reservation. Hard budgets are checked by the same conditional UPDATE a
 * reservation uses, so concurrent replays cannot overspend either; throws 402 (rolling the
 * transaction back) when one does not cover it.
 */
export async function chargeExact(trx: Transaction<Database>, scopes: readonly SpendScope[], chargedUinr: number, createdMs: number): Promise<CounterState[]> {
  const states: CounterState[] = [];
  for (const c of budgetedCounters(scopes, createdMs)) {
    if (c.mode === 'hard') {
      const spent = await withinBudget(trx, c, chargedUinr, async () => {
        const row = (await CHARGE_WITHIN.run(trx, [chargedUinr, ...keyOf(c), chargedUinr, c.limitUinr])).rows[0];
        return row ? Number(row.spent_uinr) : null;
      });
      states.push({ ...c, spentUinr: spent });
      continue;
    }
    if (chargedUinr === 0) continue;
    let row = (await SETTLE.run(trx, [chargedUinr, 0, ...keyOf(c)])).rows[0];
    if (!row) {
      // The receipt is not inserted yet, so a new counter starts without this charge: add it.
      await createCounter(trx, c);
      row = (await SETTLE.run(trx, [chargedUinr, 0, ...keyOf(c)])).rows[0];
    }
    states.push({ ...c, spentUinr: Number(row?.spent_uinr ?? 0) });
  }
  return chargedUinr > 0 ? states : [];
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
