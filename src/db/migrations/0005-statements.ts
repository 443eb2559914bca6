import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** monthly statements and invoice numbers (issue 5). */
export const m0005_statements: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('statements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('invoice_number', 'text', (c) => c.notNull().unique())
      .addColumn('financial_year', 'text', (c) => c.notNull())
      .addColumn('serial', 'bigint', (c) => c.notNull())
      .addColumn('issued_ms', 'bigint', (c) => c.notNull())
      .addColumn('taxable_uinr', 'bigint', (c) => c.notNull())
      .addColumn('tax_uinr', 'bigint', (c) => c.notNull())
      .addColumn('total_uinr', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addUniqueConstraint('statements_team_month', ['team_id', 'month'])
      .addUniqueConstraint('statements_fy_serial', ['financial_year', 'serial'])
      .execute();
    await db.schema
      .createTable('invoice_counters')
      .addColumn('financial_year', 'text', (c) => c.primaryKey())
      .addColumn('last_serial', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('invoice_counters').ifExists().execute();
    await db.schema.dropTable('statements').ifExists().execute();
  },
};
