import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/**
 * Dashboard sign-in sessions (issue 10). The cookie's token is stored only as its SHA-256; the
 * API key it stands for is sealed with the master key, so a copy of the database opens nothing.
 */
export const m0008_dashboard_sessions: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('dashboard_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('key_sealed', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dashboard_sessions_expires').on('dashboard_sessions').column('expires_ms').execute();
    await db.schema.createIndex('dashboard_sessions_key').on('dashboard_sessions').column('key_id').execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('dashboard_sessions').ifExists().execute();
  },
};
