import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/**
 * No query reads cache entries by project (they are found by key hash, and expired by
 * expires_ms), yet every fresh answer's commit wrote a page of `cache_entries_project`: one of
 * about a dozen pages a fresh request commits (docs/performance.md). A per-project purge, if one
 * is built, can bring it back.
 */
export const m0012_drop_cache_entries_project: Migration = {
  async up(db: AnyDb) {
    await db.schema.dropIndex('cache_entries_project').ifExists().execute();
  },
  async down(db: AnyDb) {
    await db.schema.createIndex('cache_entries_project').ifNotExists().on('cache_entries').column('project_id').execute();
  },
};
