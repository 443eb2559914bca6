import type SQLite from 'better-sqlite3';
import type { Reservation } from './budget-ledger.js';
import type { BudgetedCounter, CounterRef } from './spend-scopes.js';

/**
 * Budget reservations of requests in flight, held in this process — the single-machine (SQLite)
 * gateway's way. One `nextmodel serve` owns a SQLite store (serve-lock.ts), so what is in flight
 * is known here exactly; keeping it out of the database saves each fresh request a commit of its
 * own before the upstream call (on a quiet gateway, the largest single cost of a request) and
 * leaves nothing to recover after a crash: a request that dies with its process was never charged.
 *
 * A fleet on PostgreSQL keeps reservations in `spend_reservations` instead (budget-ledger.ts),
 * since replicas must see each other's.
 *
 * Atomicity: check and hold happen in one synchronous call — the spent amount is read through the
 * raw SQLite handle, never awaited — so no other request runs between reading a counter and
 * holding against it. Settling moves an amount from held to spent in one synchronous step too
 * (the counter update, then `release`), so a concurrent check never sees it in neither place.
 */

export type HoldOutcome =
  | { kind: 'held' }
  /** The counter does not exist yet: create it from the period's receipts and try again. */
  | { kind: 'no_counter'; counter: BudgetedCounter }
  | { kind: 'refused'; counter: BudgetedCounter; spentUinr: number; reservedUinr: number };

const counterKey = (c: CounterRef) => `${c.scope_kind}\u0000${c.scope_id}\u0000${c.period}`;

export class LocalReservations {
  private readonly heldByCounter = new Map<string, number>();
  private readonly live = new Map<string, Reservation>();
  private readonly readCounter: SQLite.Statement<[string, string, string], { spent_uinr: number; reserved_uinr: number }>;

  constructor(sqlite: SQLite.Database) {
    // reserved_uinr is still read: a store upgraded mid-flight, or written by a PostgreSQL-style
    // ledger, may hold SQL reservations until the stale sweeper releases them.
    this.readCounter = sqlite.prepare('select spent_uinr, reserved_uinr from spend_counters where scope_kind = ? and scope_id = ? and period = ?');
  }

  /** Holds `amountUinr` on every counter if each one's spent + reserved + amount ≤ limit; else holds nothing. */
  tryHold(reservation: Reservation, counters: readonly BudgetedCounter[]): HoldOutcome {
    for (const c of counters) {
      const row = this.readCounter.get(c.scope_kind, c.scope_id, c.period);
      if (!row) return { kind: 'no_counter', counter: c };
      const spentUinr = Number(row.spent_uinr);
      const reservedUinr = Number(row.reserved_uinr) + (this.heldByCounter.get(counterKey(c)) ?? 0);
      if (spentUinr + reservedUinr + reservation.amountUinr > c.limitUinr) return { kind: 'refused', counter: c, spentUinr, reservedUinr };
    }
    for (const c of reservation.counters) {
      const key = counterKey(c);
      this.heldByCounter.set(key, (this.heldByCounter.get(key) ?? 0) + reservation.amountUinr);
    }
    this.live.set(reservation.id, reservation);
    return { kind: 'held' };
  }

  /** Releases a reservation; false if it was already released (release is idempotent). */
  release(reservationId: string): boolean {
    const reservation = this.live.get(reservationId);
    if (!reservation) return false;
    this.live.delete(reservationId);
    for (const c of reservation.counters) {
      const key = counterKey(c);
      const left = (this.heldByCounter.get(key) ?? 0) - reservation.amountUinr;
      if (left > 0) this.heldByCounter.set(key, left);
      else this.heldByCounter.delete(key);
    }
    return true;
  }

  /** Reservations in flight (for tests and diagnostics). */
  get size(): number {
    return this.live.size;
  }
}
