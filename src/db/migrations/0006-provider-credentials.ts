import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** BYOK (issue 5): a project's own provider credentials, the key sealed with the master key. */
export const m0006_provider_credentials: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('provider_credentials')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('api_key_enc', 'text', (c) => c.notNull())
      .addColumn('last4', 'text', (c) => c.notNull())
      .addColumn('base_url', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('provider_credentials_pk', ['project_id', 'provider'])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('provider_credentials').ifExists().execute();
  },
};
