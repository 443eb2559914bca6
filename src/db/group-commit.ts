import { SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import { hotQuery } from './hot-query.js';
import type { Database } from './schema.js';

/**
 * Group commit for SQLite's single connection. Each request path transaction (a budget
 * reservation; a receipt with its budget settlement and cache entries) used to commit on its own,
 * and a commit — appending every page the transaction touched to the WAL — was the largest single
 * cost left on the request path. Here, transactions enqueued in the same turn of the event loop
 * commit together: each runs inside its own SAVEPOINT, so one that throws (a 402, a
 * constraint) is rolled back alone and rejects alone, and every caller's promise settles only
 * after the shared COMMIT, so "durable before the response" still holds. A lone transaction runs
 * as before, with no savepoint. PostgreSQL runs each transaction on its own pooled connection.
 *
 * A unit of work must use only the transaction it is given (as with any Kysely transaction on
 * one connection), and must not wait on another unit of work.
 */

export type Work<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const SAVEPOINT = hotQuery('savepoint nm_unit');
const RELEASE = hotQuery('release nm_unit');
const ROLLBACK_TO = hotQuery('rollback to nm_unit');

/** Most units in one commit: bounds how long a batch holds the connection. */
const MAX_BATCH = 64;

class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      // better-sqlite3 is synchronous, so a transaction never yields to the event loop and none
      // would ever arrive "while one commits": collect what this turn of the loop (its I/O
      // callbacks) enqueues, and commit it after them.
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Pending];
      await this.db.transaction().execute(only.work).then(only.resolve, only.reject);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of batch) {
          await SAVEPOINT.run(trx, []);
          try {
            const value = await unit.work(trx);
            await RELEASE.run(trx, []);
            outcomes.push({ ok: true, value });
          } catch (err) {
            await ROLLBACK_TO.run(trx, []);
            await RELEASE.run(trx, []);
            outcomes.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      // The commit itself failed: nothing of the batch is durable.
      for (const unit of batch) unit.reject(err);
      return;
    }
    for (const [i, unit] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok) unit.resolve(outcome.value);
      else unit.reject(outcome?.err);
    }
  }
}

const groups = new WeakMap<Kysely<Database>, GroupCommit>();

/** Runs `work` in a transaction: on SQLite, possibly committed together with others (see above). */
export function transact<T>(db: Kysely<Database>, work: Work<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return db.transaction().execute(work);
  let group = groups.get(db);
  if (!group) groups.set(db, (group = new GroupCommit(db)));
  return group.run(work);
}
