import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

export const m0002_cache: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('cache_entries')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('canonical_request', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('response_hash', 'text', (c) => c.notNull())
      .addColumn('source_receipt_id', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cache_entries_expires').on('cache_entries').column('expires_ms').execute();
    await db.schema.createIndex('cache_entries_project').on('cache_entries').column('project_id').execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('cache_entries').ifExists().execute();
  },
};
