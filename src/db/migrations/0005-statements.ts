import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** monthly statements and invoice numbers (issue 5). */
export const m0005_statements: Migration = {
  async up(_db: AnyDb) {},
  async down(_db: AnyDb) {},
};
