import type { Kysely, Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before types exist
type AnyDb = Kysely<any>;

/** BYOK provider credentials (issue 5). */
export const m0006_provider_credentials: Migration = {
  async up(_db: AnyDb) {},
  async down(_db: AnyDb) {},
};
