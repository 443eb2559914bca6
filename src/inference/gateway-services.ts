import type { Kysely } from 'kysely';
import type { Catalog } from '../catalog/catalog.js';
import type { ExactCache } from '../cache/exact-cache.js';
import type { SecretBox } from '../keys/secret-box.js';
import type { TenancyCache } from '../keys/tenancy-cache.js';
import type { BudgetAlerts } from '../spend/budget-alerts.js';
import type { LocalReservations } from '../spend/local-reservations.js';
import type { RateLimitStore } from '../spend/rate-limiter.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import type { RedisFlights } from '../redis/redis-flights.js';
import type { CircuitBreaker } from '../routing/circuit-breaker.js';
import type { LatencyStats } from '../routing/latency-stats.js';
import type { RoutePolicy } from '../routing/route-policy.js';

/** Routing's shared state: config routes, live latency, the circuit breaker. */
export interface RoutingState {
  configRoutes: ReadonlyMap<string, RoutePolicy>;
  latency: LatencyStats;
  breaker: CircuitBreaker;
}
import type { Config } from '../config/config-schema.js';
import type { ReceiptSigner } from '../billing/receipt-signer.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../observability/logger.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

/** Everything the request pipeline needs, built once at start (main.ts) or per test. */
export interface GatewayServices {
  config: Config;
  db: Kysely<Database>;
  catalog: Catalog;
  providers: ProviderRegistry;
  signer: ReceiptSigner;
  cache: ExactCache;
  rateLimiter: RateLimitStore;
  /** Shared Redis of a fleet; null on a single machine. */
  redis: RedisConnection | null;
  /** Cross-replica single-flight (with Redis), else null. */
  flights: RedisFlights | null;
  alerts: BudgetAlerts;
  /** Budget reservations in flight, held in this process: SQLite only (null on PostgreSQL, where they are rows). */
  reservations: LocalReservations | null;
  secrets: SecretBox;
  /** Key/project/team and BYOK rows kept while tenancy_version holds: SQLite only, null on PostgreSQL. */
  tenancy: TenancyCache | null;
  routing: RoutingState;
  log: Logger;
}
