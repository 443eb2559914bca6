import { CompiledQuery, PostgresAdapter, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * A per-request statement as fixed SQL text, skipping Kysely's query builder and compiler (about
 * 14% of the request path's busy time in the CPU profile, docs/performance.md). It still runs
 * through Kysely's executor, so on SQLite it holds the single connection like every other query
 * and lands in the caller's transaction when given one.
 *
 * Write the text with `?` placeholders and only syntax both stores accept (plain SQL, `returning`,
 * `on conflict`); PostgreSQL gets `$1, $2, …` in their place. Values bind positionally.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export interface HotQuery<Row> {
  readonly sqlite: string;
  readonly postgres: string;
  run(db: Executor, params: readonly unknown[]): Promise<QueryResult<Row>>;
}

function numberPlaceholders(text: string): string {
  let n = 0;
  // The texts are ours: a `?` never appears inside a literal.
  return text.replace(/\?/g, () => `$${++n}`);
}

export function hotQuery<Row = Record<string, unknown>>(text: string): HotQuery<Row> {
  const sqlite = text.replace(/\s+/g, ' ').trim();
  const postgres = numberPlaceholders(sqlite);
  return {
    sqlite,
    postgres,
    run(db, params) {
      const dialectText = db.getExecutor().adapter instanceof PostgresAdapter ? postgres : sqlite;
      return db.executeQuery<Row>(CompiledQuery.raw(dialectText, params as unknown[]));
    },
  };
}

/** Rows changed by an UPDATE/DELETE/INSERT, as a number. */
export function affectedRows(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? 0n);
}
