import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** hash-chained audit log (issue 5). */
export const m0004_audit: Migration = {
  async up(_db: AnyDb) {},
  async down(_db: AnyDb) {},
};
