import { sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** Every column of usage_daily that names a group; together they are the primary key. */
const GROUP_COLUMNS = ['project_id', 'day', 'key_id', 'team_id', 'environment', 'workload', 'model_served', 'provider', 'serve_mode'] as const;

/**
 * The daily usage rollup (issue 8): without it /v1/usage and /v1/key summed a month of receipts
 * on every call, which on SQLite blocked the event loop for 200 ms at 150k receipts. Existing
 * receipts are rolled up here once; from then on every receipt insert adds itself.
 */
export const m0009_usage_daily: Migration = {
  async up(db: AnyDb) {
    let table = db.schema
      .createTable('usage_daily')
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('workload', 'text', (c) => c.notNull())
      .addColumn('model_served', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('serve_mode', 'text', (c) => c.notNull());
    for (const sum of ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'list_cost_uinr', 'charged_uinr', 'saved_uinr']) {
      table = table.addColumn(sum, 'bigint', (c) => c.notNull());
    }
    await table.addPrimaryKeyConstraint('usage_daily_pk', [...GROUP_COLUMNS]).execute();
    await db.schema.createIndex('usage_daily_team_day').on('usage_daily').columns(['team_id', 'day']).execute();
    await db.schema.createIndex('usage_daily_day').on('usage_daily').column('day').execute();
    // Integer division floors for positive created_ms on both SQLite and PostgreSQL.
    await sql`
      INSERT INTO usage_daily (${sql.join(GROUP_COLUMNS.map((c) => sql.ref(c)))}, requests, errors, prompt_tokens, completion_tokens,
        cached_tokens, reasoning_tokens, list_cost_uinr, charged_uinr, saved_uinr)
      SELECT project_id, (created_ms + 19800000) / 86400000, key_id, team_id, environment, coalesce(workload, ''),
        coalesce(model_served, ''), coalesce(provider, ''), serve_mode,
        count(*), sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END), sum(prompt_tokens), sum(completion_tokens),
        sum(cached_tokens), sum(reasoning_tokens), sum(list_cost_uinr), sum(charged_uinr),
        sum(CASE WHEN serve_mode != 'fresh' THEN discount_uinr ELSE 0 END)
      FROM receipts
      GROUP BY project_id, (created_ms + 19800000) / 86400000, key_id, team_id, environment, coalesce(workload, ''),
        coalesce(model_served, ''), coalesce(provider, ''), serve_mode
    `.execute(db);
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('usage_daily').ifExists().execute();
  },
};
