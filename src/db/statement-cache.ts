import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query anew, and preparing (parsing and planning SQL) was
 * about 14% of the request path's CPU in the profile (docs/performance.md). This wrapper hands
 * Kysely a database whose `prepare` reuses statements by SQL text. Safe because better-sqlite3 is
 * synchronous: a statement is never in use by two queries at once. Bounded, as SQL text varies
 * with the length of IN lists and batch inserts.
 *
 * Node 24 and better-sqlite3 12.x: from Node 24.19, 12.x's objects (raw `node::ObjectWrap`)
 * abort the process when V8 finalises one outside a JS context, at exit or in an idle GC
 * (`RemoveEnvironmentCleanupHook: Assertion (env) != nullptr`). That happens with or without this
 * cache: the CLI tests abort on Node 24 at ce128d8, which prepares every statement anew, as they
 * do with the cache (checked with scripts/test-on-node.sh's setup, test/cli). The cure is the
 * driver (13.x, Node-API, on Node 22+: src/db/sqlite-driver.ts), not fewer long-lived statements.
 */

export function cachingDatabase(db: SQLite.Database, maxStatements = 256): SqliteDatabase {
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
