import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog } from './catalog/catalog.js';
import type { Config } from './config/config-schema.js';
import { loadOrCreateSigner } from './billing/signing-keys.js';
import { migrateToLatest, openDatabase, resolveDatabaseUrl, type OpenedDatabase } from './db/open-database.js';
import type { GatewayServices } from './inference/gateway-services.js';
import { SecretBox } from './keys/secret-box.js';
import { TenancyCache } from './keys/tenancy-cache.js';
import type { Logger as PinoLogger } from 'pino';
import { createLogger } from './observability/create-logger.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { ExactCache } from './cache/exact-cache.js';
import { BudgetAlerts } from './spend/budget-alerts.js';
import { releaseStaleReservations } from './spend/budget-ledger.js';
import { LocalReservations } from './spend/local-reservations.js';
import { MemoryRateLimiter } from './spend/rate-limiter.js';
import { RedisConnection } from './redis/redis-connection.js';
import { RedisRateLimiter } from './redis/redis-rate-limiter.js';
import { RedisFlights } from './redis/redis-flights.js';
import { CircuitBreaker } from './routing/circuit-breaker.js';
import { LatencyStats } from './routing/latency-stats.js';
import { parseConfigRoutes } from './routing/route-store.js';
import { buildApp, type AppOptions } from './app.js';

export interface Gateway {
  services: GatewayServices;
  app: FastifyInstance;
  database: OpenedDatabase;
  close(): Promise<void>;
}

export function secretBoxFor(config: Config): SecretBox {
  return config.security.master_key ? SecretBox.fromMasterKey(config.security.master_key) : SecretBox.fromDataDir(resolve(config.storage.data_dir));
}

/** config → store (migrated) → services → app. Used by `serve`, the CLI and tests alike. */
export async function createGateway(config: Config, options: AppOptions & { log?: PinoLogger } = {}): Promise<Gateway> {
  const database = await openDatabase(resolveDatabaseUrl(config.storage.database_url, config.storage.data_dir));
  try {
    await migrateToLatest(database.db);
    const catalog = config.models.length ? Catalog.loadDefault().withOverrides(config.models) : Catalog.loadDefault();
    const secrets = secretBoxFor(config);
    const signer = await loadOrCreateSigner(database.db, secrets);
    const log = options.log ?? createLogger(config);
    const redis = config.storage.redis_url ? new RedisConnection(config.storage.redis_url, log) : null;
    if (redis) await redis.ready().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'redis not reachable at start; continuing degraded'));
    const services: GatewayServices = {
      config,
      db: database.db,
      catalog,
      providers: new ProviderRegistry(config),
      signer,
      cache: new ExactCache(database.db, log, { memoryEntries: config.cache.memory_entries, redis }),
      rateLimiter: redis ? new RedisRateLimiter(redis, log, config.storage.redis_failure_mode) : new MemoryRateLimiter(),
      redis,
      flights: redis ? new RedisFlights(redis, log) : null,
      alerts: new BudgetAlerts(database.db, log, { url: config.alerts.webhook_url, secret: config.alerts.webhook_secret }),
      reservations: database.sqlite ? new LocalReservations(database.sqlite) : null,
      secrets,
      tenancy: database.sqlite ? new TenancyCache(database.sqlite) : null,
      routing: { configRoutes: parseConfigRoutes(config.routes), latency: new LatencyStats(), breaker: new CircuitBreaker(config.routing.breaker_threshold, config.routing.breaker_cooldown_ms) },
      log,
    };
    // Reservations of requests that never settled (a crash mid-request) are released after 15 min.
    const sweeper = setInterval(() => {
      releaseStaleReservations(database.db, 15 * 60_000).catch((err: unknown) => log.error({ err }, 'releasing stale budget reservations failed'));
    }, 60_000);
    sweeper.unref();
    const app = buildApp(services, options);
    return {
      services,
      app,
      database,
      close: async () => {
        clearInterval(sweeper);
        await app.close();
        await services.alerts.idle();
        await redis?.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
