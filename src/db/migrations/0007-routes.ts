import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** Routing policies per project (issue 6), set through the admin API. */
export const m0007_routes: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('routes')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('policy_json', 'text', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('routes_pk', ['project_id', 'name'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('routes').ifExists().execute();
  },
};
