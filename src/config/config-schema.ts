import { z } from 'zod';

/**
 * The configuration contract of SPEC §3. Strict objects: a typo in a key is an error that names
 * the key, not a silently ignored setting.
 */

const providerConfig = z.strictObject({
  api_key: z.string().nullable().optional(),
  base_url: z.url().nullable().optional(),
  /** Requests to this provider time out after this many ms (whole call, or gap between stream chunks). */
  timeout_ms: z.number().int().positive().optional(),
});

const inrAmount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d{1,6})?$/)]);

export const configSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
      public_url: z.url().nullable().default(null),
      /** Largest accepted request body in bytes (413 above it). */
      body_limit_bytes: z.number().int().positive().default(4 * 1024 * 1024),
      /** A request (headers and body) must arrive within this time, else 408: slow-loris clients cannot hold connections. */
      request_timeout_ms: z.number().int().min(1_000).max(3_600_000).default(120_000),
      /** How long a graceful shutdown waits for in-flight requests. */
      drain_timeout_ms: z.number().int().nonnegative().default(30_000),
      /** Processes serving the port (node:cluster). More than 1 needs PostgreSQL + Redis: the workers are replicas. */
      workers: z.number().int().min(1).max(256).default(1),
      log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  storage: z
    .strictObject({
      data_dir: z.string().default('./.nextmodel'),
      database_url: z.string().nullable().default(null),
      redis_url: z.string().nullable().default(null),
      /** When Redis is unreachable: `open` = per-replica rate limits and single-flight; `closed` = refuse rate-limited requests (503). */
      redis_failure_mode: z.enum(['open', 'closed']).default('open'),
    })
    .prefault({}),
  billing: z
    .strictObject({
      usd_inr: z.number().positive().default(88.0),
      /** CNY→INR reference rate for models priced only in CNY; stamped on their receipts. */
      cny_inr: z.number().positive().default(12.4),
      fresh_markup_pct: z.number().min(0).max(1000).default(0),
      exact_cache_discount_pct: z.number().min(0).max(100).default(90),
      byok_fee_pct: z.number().min(0).max(100).default(0),
      gst: z
        .strictObject({
          rate_pct: z.number().min(0).max(100).default(18),
          supplier_gstin: z.string().nullable().default(null),
          supplier_state_code: z.string().nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({}),
  cache: z
    .strictObject({
      mode: z.enum(['on', 'off', 'read-only', 'write-only']).default('on'),
      ttl_seconds: z.number().int().positive().default(86_400),
      canonical: z.boolean().default(false),
      time_sensitive_ttl_seconds: z.number().int().positive().default(300),
      memory_entries: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  alerts: z
    .strictObject({
      /** Budget alerts are POSTed here (JSON), signed with HMAC-SHA256 when a secret is set. */
      webhook_url: z.url().nullable().default(null),
      webhook_secret: z.string().nullable().default(null),
    })
    .prefault({}),
  routing: z
    .strictObject({
      /** Longest retry-after (ms) a request waits to retry the same candidate; longer ones fall through. */
      max_retry_wait_ms: z.number().int().min(0).max(60_000).default(5_000),
      /** Consecutive failures that open a provider/model's circuit, and for how long. */
      breaker_threshold: z.number().int().min(1).max(1000).default(5),
      breaker_cooldown_ms: z.number().int().min(0).max(3_600_000).default(30_000),
    })
    .prefault({}),
  providers: z.record(z.string(), providerConfig).default({}),
  models: z.array(z.unknown()).default([]),
  routes: z.record(z.string(), z.unknown()).default({}),
  bootstrap: z
    .strictObject({
      admin_key: z.string().nullable().default(null),
    })
    .prefault({}),
  security: z
    .strictObject({
      master_key: z.string().nullable().default(null),
      /** Allow BYOK base URLs on loopback/private addresses (tests, on-prem upstreams). */
      allow_private_upstreams: z.boolean().default(false),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerConfig>;
