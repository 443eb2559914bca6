import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

export const m0001_core: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gstin', 'text')
      .addColumn('state_code', 'text')
      .addColumn('budget_json', 'text')
      .addColumn('rate_limit_json', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('deleted_ms', 'bigint')
      .execute();
    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('cache_mode', 'text', (c) => c.notNull().defaultTo('on'))
      .addColumn('canonical_cache', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cache_ttl_seconds', 'integer')
      .addColumn('budget_json', 'text')
      .addColumn('rate_limit_json', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('deleted_ms', 'bigint')
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.references('projects.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('workload', 'text')
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('budget_json', 'text')
      .addColumn('rate_limit_json', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('revoked_ms', 'bigint')
      .execute();
    await db.schema.createIndex('api_keys_project').on('api_keys').column('project_id').execute();
    await db.schema
      .createTable('receipts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('workload', 'text')
      .addColumn('model_requested', 'text', (c) => c.notNull())
      .addColumn('model_served', 'text')
      .addColumn('provider', 'text')
      .addColumn('serve_mode', 'text', (c) => c.notNull())
      .addColumn('usage_source', 'text', (c) => c.notNull())
      .addColumn('billing_basis', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('stream', 'integer', (c) => c.notNull())
      .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
      .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
      .addColumn('cached_tokens', 'bigint', (c) => c.notNull())
      .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
      .addColumn('list_cost_uinr', 'bigint', (c) => c.notNull())
      .addColumn('discount_uinr', 'bigint', (c) => c.notNull())
      .addColumn('charged_uinr', 'bigint', (c) => c.notNull())
      .addColumn('upstream_cost_uusd', 'bigint', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('source_receipt_id', 'text')
      .addColumn('receipt_hash', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('receipts_project_created').on('receipts').columns(['project_id', 'created_ms']).execute();
    await db.schema.createIndex('receipts_team_created').on('receipts').columns(['team_id', 'created_ms']).execute();
    await db.schema.createIndex('receipts_created').on('receipts').column('created_ms').execute();
    await db.schema
      .createTable('signing_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('public_key_pem', 'text', (c) => c.notNull())
      .addColumn('private_key_enc', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of ['settings', 'signing_keys', 'receipts', 'api_keys', 'projects', 'teams']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
