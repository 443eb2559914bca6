import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/open-database.js';

/**
 * The stores the usage suites run on. SQLite always; PostgreSQL when NEXTMODEL_TEST_POSTGRES_URL
 * names a database in which the suite may create (and then drops) a scratch schema.
 */

const PG_URL = process.env.NEXTMODEL_TEST_POSTGRES_URL;

export interface TestStore {
  name: 'sqlite' | 'postgres';
  /** Why the store is skipped, or null when it runs. */
  skip: string | null;
}

export const STORES: TestStore[] = [
  { name: 'sqlite', skip: null },
  { name: 'postgres', skip: PG_URL ? null : 'skipped: set NEXTMODEL_TEST_POSTGRES_URL to run on PostgreSQL' },
];

export interface ScratchDatabase {
  /** A database URL for openDatabase / storage.database_url; null = the default SQLite file. */
  url: string | null;
  drop(): Promise<void>;
}

export async function scratchDatabase(store: TestStore): Promise<ScratchDatabase> {
  if (store.name === 'sqlite' || !PG_URL) return { url: null, drop: async () => {} };
  const schema = `usage_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase(PG_URL);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  return {
    url: `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}
