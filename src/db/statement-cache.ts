import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query anew; preparing (parsing and planning SQL) was the
 * largest single cost on the request path in the CPU profile (docs/performance.md). This wrapper
 * hands Kysely a database whose `prepare` reuses statements by SQL text. Safe because
 * better-sqlite3 is synchronous: a statement is never in use by two queries at once. Bounded, as
 * SQL text varies with the length of IN lists and batch inserts.
 */
export function cachingDatabase(db: SQLite.Database, maxStatements = 512): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare(sql);
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value as string);
        statements.set(sql, stmt);
      }
      return stmt as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}
