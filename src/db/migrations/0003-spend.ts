import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** budgets, rate limits and spend counters (issue 5). */
export const m0003_spend: Migration = {
  async up(_db: AnyDb) {},
  async down(_db: AnyDb) {},
};
