import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** The tables an inference request's principal and provider credentials are read from. */
const WATCHED = ['teams', 'projects', 'api_keys', 'provider_credentials'] as const;

/**
 * One counter that every change to teams, projects, keys or BYOK credentials bumps, by trigger, in
 * the changing transaction — whoever changes them: this gateway's admin API, the CLI in another
 * process, a hand-written UPDATE. A gateway may keep what it read from those tables in memory for
 * as long as this number stays the same (keys/tenancy-cache.ts), so revocation still takes effect
 * on the next request. Triggers differ by dialect; the table is the same.
 */
export const m0011_tenancy_version: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('tenancy_version')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('tenancy_version').values({ id: 1, version: 1 }).execute();
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`create or replace function nm_bump_tenancy_version() returns trigger language plpgsql as $$ begin update tenancy_version set version = version + 1 where id = 1; return null; end $$`.execute(db);
      for (const table of WATCHED) {
        await sql.raw(`create trigger ${table}_tenancy_version after insert or update or delete on ${table} for each statement execute function nm_bump_tenancy_version()`).execute(db);
      }
      return;
    }
    for (const table of WATCHED) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger ${table}_${event}_tenancy_version after ${event} on ${table} begin update tenancy_version set version = version + 1 where id = 1; end`).execute(db);
      }
    }
  },
  async down(db: AnyDb) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const table of WATCHED) {
      if (postgres) await sql.raw(`drop trigger if exists ${table}_tenancy_version on ${table}`).execute(db);
      else for (const event of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_${event}_tenancy_version`).execute(db);
    }
    if (postgres) await sql`drop function if exists nm_bump_tenancy_version()`.execute(db);
    await db.schema.dropTable('tenancy_version').ifExists().execute();
  },
};
