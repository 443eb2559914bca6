import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';
import type { OpenedDatabase } from './open-database.js';

/** PostgreSQL via `pg`, loaded only when a postgres:// URL is configured. */
export async function openPostgres(url: string): Promise<OpenedDatabase> {
  let pg: typeof import('pg');
  try {
    pg = (await import('pg')).default as unknown as typeof import('pg');
  } catch {
    throw new Error('PostgreSQL support needs the `pg` package: npm install pg');
  }
  // int8 (bigint) columns hold µINR; they fit in a double well below 2^53, so parse as numbers.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    sqlite: null,
    close: async () => {
      await db.destroy();
    },
  };
}
