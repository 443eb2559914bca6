import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, SqliteDialect, sql } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { sqliteDriver } from './sqlite-driver.js';
import type { Database } from './schema.js';
import { cachingDatabase } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The raw SQLite handle for integrity checks and hot-path prepared statements (SQLite only). */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

/** `sqlite:<path>` | `sqlite::memory:` | `postgres://…`; default is SQLite in the data dir. */
export function resolveDatabaseUrl(databaseUrl: string | null, dataDir: string): string {
  return databaseUrl ?? `sqlite:${resolve(dataDir, 'nextmodel.db')}`;
}

export async function openDatabase(databaseUrl: string): Promise<OpenedDatabase> {
  if (databaseUrl.startsWith('sqlite:')) return openSqlite(databaseUrl.slice('sqlite:'.length));
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    const { openPostgres } = await import('./open-postgres.js');
    return openPostgres(databaseUrl);
  }
  throw new Error(`unsupported database URL '${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}': use sqlite:<path> or postgres://…`);
}

function openSqlite(path: string): OpenedDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new sqliteDriver.Database(path);
  // WAL + synchronous=NORMAL: a committed transaction survives a process crash (SIGKILL); only
  // power loss can drop the last commits. That matches "durable receipt before the last byte".
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: async () => {
      await db.destroy();
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // On PostgreSQL, keep Kysely's bookkeeping tables in the schema we run in (search_path), or
  // its introspection may find another schema's copies and skip creating ours.
  let migrationTableSchema: string | undefined;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = row.rows[0]?.schema;
  }
  const migrator = new Migrator({ db, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
