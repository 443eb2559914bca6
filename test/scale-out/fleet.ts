import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { openDatabase } from '../../src/db/open-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { TEST_POSTGRES_URL } from '../support/test-store.js';

/**
 * N gateway replicas on loopback sharing one PostgreSQL schema and one Redis — the reference
 * fleet of SPEC §14, in one test process. Skips loudly when PostgreSQL or Redis is missing, and
 * fails instead under CI (SPEC §2).
 */

export const TEST_REDIS_URL = process.env.NEXTMODEL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function fleetServicesAvailable(): Promise<string | null> {
  try {
    const db = await openDatabase(TEST_POSTGRES_URL);
    await sql`select 1`.execute(db.db);
    await db.close();
  } catch (err) {
    return `PostgreSQL unavailable at ${TEST_POSTGRES_URL}: ${(err as Error).message}`;
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `Redis unavailable at ${TEST_REDIS_URL}: ${(err as Error).message}`;
  } finally {
    redis.disconnect();
  }
  return null;
}

export interface Fleet {
  replicas: TestGateway[];
  databaseUrl: string;
  masterKey: string;
  close(): Promise<void>;
}

export async function startFleet(n: number, overrides: Record<string, unknown> = {}): Promise<Fleet> {
  const schema = `nmfleet_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase(TEST_POSTGRES_URL);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const databaseUrl = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const masterKey = randomBytes(32).toString('hex');
  const replicas: TestGateway[] = [];
  for (let i = 0; i < n; i++) {
    const tg = await startTestGateway({
      ...overrides,
      storage: { database_url: databaseUrl, redis_url: TEST_REDIS_URL },
      security: { master_key: masterKey, ...(overrides.security as object | undefined) },
    });
    replicas.push(tg);
  }
  // Only the first replica bootstrapped the store; every replica serves the same keys.
  const first = replicas[0]!;
  for (const r of replicas) Object.assign(r, { adminKey: first.adminKey, projectKey: first.projectKey, projectId: first.projectId });
  return {
    replicas,
    databaseUrl,
    masterKey,
    close: async () => {
      for (const r of replicas) await r.close();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}
