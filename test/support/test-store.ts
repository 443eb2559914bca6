import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/open-database.js';

/**
 * Which store the end-to-end suites run on. SQLite by default; the whole suite runs again on
 * PostgreSQL with NEXTMODEL_TEST_STORE=postgres (CI does both). Each test gateway gets its own
 * PostgreSQL schema, dropped when the gateway closes.
 */

export const TEST_STORE: 'sqlite' | 'postgres' = process.env.NEXTMODEL_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** Admin connection for scratch schemas; local trust auth by default (the machine's PostgreSQL). */
export const TEST_POSTGRES_URL = process.env.NEXTMODEL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** storage.database_url for the gateway, or null for SQLite in the data dir. */
  url: string | null;
  schema: string | null;
  drop(): Promise<void>;
}

const SCHEMA_FILE = 'test-postgres-schema';

/** A fresh database for a data dir (or the same one again when a test restarts on that dir). */
export async function testDatabase(dataDir: string): Promise<TestDatabase> {
  if (TEST_STORE === 'sqlite') return { url: null, schema: null, drop: async () => {} };
  const file = join(dataDir, SCHEMA_FILE);
  const reuse = existsSync(file);
  const schema = reuse ? readFileSync(file, 'utf8').trim() : `nmtest_${randomBytes(6).toString('hex')}`;
  if (!reuse) {
    const admin = await openDatabase(TEST_POSTGRES_URL);
    try {
      await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    } finally {
      await admin.close();
    }
    writeFileSync(file, schema);
  }
  const url = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    schema,
    drop: async () => {
      const admin = await openDatabase(TEST_POSTGRES_URL);
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      } finally {
        await admin.close();
      }
    },
  };
}

/**
 * Reads a live SQLite file from another process. Opening and closing the file in this process
 * would release every POSIX lock this process holds on it — SQLite's locks included — and a
 * concurrent writer could then corrupt the database (https://www.sqlite.org/howtocorrupt.html §2.2).
 */
export function readWithoutDroppingLocks(path: string): string {
  return execFileSync('cat', [path], { maxBuffer: 512 * 1024 * 1024 }).toString('latin1');
}

/**
 * Everything the store holds, as text, for "no secret in plaintext" checks: the SQLite files
 * (database, WAL) byte for byte, or every row of every table of the PostgreSQL schema.
 */
export async function storeText(dataDir: string): Promise<string> {
  if (TEST_STORE === 'sqlite') {
    return readdirSync(dataDir)
      .filter((f) => f.startsWith('nextmodel.db'))
      .map((f) => readWithoutDroppingLocks(join(dataDir, f)))
      .join('\n');
  }
  const schema = readFileSync(join(dataDir, SCHEMA_FILE), 'utf8').trim();
  const admin = await openDatabase(TEST_POSTGRES_URL);
  try {
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${schema}`.execute(admin.db);
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.id(schema, table_name)} t`.execute(admin.db);
      parts.push(...rows.rows.map((r) => r.j));
    }
    return parts.join('\n');
  } finally {
    await admin.close();
  }
}
