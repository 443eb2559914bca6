import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/**
 * Receipt lists are a project's newest first (`where project_id = ? order by id desc limit n`).
 * With only (project_id, created_ms) to use, SQLite read every receipt of the project and sorted
 * them per call: the 30-minute soak's p99 rose 53 → 657 ms as receipts accumulated, from
 * `GET /v1/receipts?limit=20` alone. With (project_id, id) a page is an index range read.
 * Export pages (`id > cursor`) use it too.
 */
export const m0010_receipts_by_project_id: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('receipts_project_id').on('receipts').columns(['project_id', 'id']).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex('receipts_project_id').ifExists().execute();
  },
};
