import { z } from 'zod';

/**
 * A named routing policy (SPEC §8), from config `routes:` or the admin API (per project).
 * Candidates are selected by what the request needs and the policy's filters, then ordered.
 */
export const routePolicySchema = z.strictObject({
  /** Candidate models (catalog ids/aliases); default: the whole active catalog. */
  models: z.array(z.string().min(1)).max(64).optional(),
  /** Capabilities every candidate must have, on top of what the request itself needs. */
  require: z.array(z.enum(['tools', 'json_schema', 'json_object', 'vision', 'streaming', 'reasoning'])).default([]),
  min_context: z.number().int().positive().optional(),
  source: z.enum(['global', 'china', 'any']).default('any'),
  /** Hard price ceiling in USD per 1M tokens (CNY-priced models are converted at the reference rates). */
  max_price: z.strictObject({ input: z.number().nonnegative().optional(), output: z.number().nonnegative().optional() }).optional(),
  /** Keep candidates tagged with this workload; `from_request` uses the key's label / x-nextmodel-workload. */
  workload: z.string().min(1).max(64).optional(),
  order: z.enum(['price', 'latency', 'given']).default('price'),
  fallbacks: z.boolean().default(true),
  /** Upstream attempts in total, across candidates and retries. */
  max_attempts: z.number().int().min(1).max(10).default(3),
  /** Per-attempt timeout (headers, and each gap between stream chunks). */
  attempt_timeout_ms: z.number().int().min(100).max(600_000).optional(),
  /** Budget-aware downgrade: past this share of the tightest budget, use another route. */
  downgrade: z.strictObject({ at_budget_pct: z.number().min(1).max(100), to: z.string().min(1) }).optional(),
});

export type RoutePolicy = z.output<typeof routePolicySchema>;
export type RoutePolicyInput = z.input<typeof routePolicySchema>;

/** Built-in `auto`: the cheapest active model that meets the request's needs. */
export const AUTO_ROUTE: RoutePolicy = routePolicySchema.parse({ order: 'price', max_attempts: 3 });
