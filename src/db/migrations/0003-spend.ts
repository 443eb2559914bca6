import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/**
 * Budgets (issue 5): per-scope spend counters for the current IST day and month, the worst-case
 * reservations of requests in flight, and which budget alerts have fired.
 */
export const m0003_spend: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('spend_counters')
      .addColumn('scope_kind', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('spent_uinr', 'bigint', (c) => c.notNull())
      .addColumn('reserved_uinr', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('spend_counters_pk', ['scope_kind', 'scope_id', 'period'])
      .execute();
    await db.schema
      .createTable('spend_reservations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('amount_uinr', 'bigint', (c) => c.notNull())
      .addColumn('counters_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('spend_reservations_created').on('spend_reservations').column('created_ms').execute();
    await db.schema
      .createTable('budget_alerts')
      .addColumn('scope_kind', 'text', (c) => c.notNull())
      .addColumn('scope_id', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('threshold_pct', 'integer', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('spent_uinr', 'bigint', (c) => c.notNull())
      .addColumn('limit_uinr', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('budget_alerts_pk', ['scope_kind', 'scope_id', 'period', 'threshold_pct'])
      .execute();
  },
  async down(db: AnyDb) {
    for (const t of ['budget_alerts', 'spend_reservations', 'spend_counters']) await db.schema.dropTable(t).ifExists().execute();
  },
};
