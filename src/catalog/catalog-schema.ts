import { z } from 'zod';

/** Provider ids as used in config, `<provider>/<model>` and receipts (SPEC §3). */
export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'gemini',
  'deepseek',
  'ark',
  'dashscope',
  'moonshot',
  'zhipu',
  'minimax',
  'mistral',
  'xai',
  'groq',
  'together',
  'openrouter',
  'sandbox',
] as const;

export const WORKLOADS = [
  'coding',
  'chinese',
  'low-cost',
  'vision',
  'long-context',
  'agent',
  'general',
] as const;

const providerIdSchema = z.enum(PROVIDER_IDS);
const protocolSchema = z.enum(['openai', 'anthropic', 'gemini']);
const sourceRegionSchema = z.enum(['global', 'china']);
const statusSchema = z.enum(['active', 'deprecated', 'retired']);
const workloadSchema = z.enum(WORKLOADS);

/** A calendar date written YYYY-MM-DD that actually exists (rejects 2026-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

const nameSchema = z.string().trim().min(1, 'must not be empty');

// Prices are list prices per 1M tokens; null means no source published one (never a guess).
const priceSchema = z.number().finite().nonnegative().nullable().default(null);
const tokenCountSchema = z.number().int().positive().nullable().default(null);
const latencySchema = z.number().finite().positive().nullable().default(null);

export const pricingSchema = z.strictObject({
  input_usd_per_mtok: priceSchema,
  output_usd_per_mtok: priceSchema,
  cached_input_usd_per_mtok: priceSchema,
  cache_write_usd_per_mtok: priceSchema,
  input_cny_per_mtok: priceSchema,
  output_cny_per_mtok: priceSchema,
  cached_input_cny_per_mtok: priceSchema,
  notes: z.string().nullable().default(null),
});

export const capabilitiesSchema = z.strictObject({
  tools: z.boolean(),
  json_object: z.boolean(),
  json_schema: z.boolean(),
  vision: z.boolean(),
  streaming: z.boolean(),
  reasoning: z.boolean(),
});

export const catalogModelSchema = z.strictObject({
  id: nameSchema.refine((s) => !s.includes('/'), 'must not contain "/" (reserved for <provider>/<model>)'),
  aliases: z.array(nameSchema).default([]),
  provider: providerIdSchema,
  upstream_model: nameSchema,
  protocol: protocolSchema,
  source_region: sourceRegionSchema,
  status: statusSchema,
  replacement: nameSchema.nullable().default(null),
  status_detail: z.string().default(''),
  pricing: pricingSchema,
  context_window: tokenCountSchema,
  /** Input cap when smaller than the window (e.g. GPT-5: 400K window, 272K input). */
  max_input_tokens: tokenCountSchema,
  max_output_tokens: tokenCountSchema,
  capabilities: capabilitiesSchema,
  workloads: z
    .array(workloadSchema)
    .refine((w) => new Set(w).size === w.length, 'must not repeat a workload')
    .default(['general']),
  latency_estimate: z
    .strictObject({ ttft_ms_p50: latencySchema, total_ms_p50: latencySchema })
    .default({ ttft_ms_p50: null, total_ms_p50: null }),
  /** Where the prices and facts come from; every model needs at least one. */
  sources: z.array(nameSchema).min(1, 'at least one source is required'),
  as_of: isoDateSchema,
  /** Conflicts between sources, unsourced flags that were set to false, endpoints. */
  notes: z.string().nullable().default(null),
});

export const catalogFileSchema = z.strictObject({
  version: nameSchema,
  as_of: isoDateSchema,
  models: z.array(catalogModelSchema),
});

export type ProviderId = z.infer<typeof providerIdSchema>;
export type Protocol = z.infer<typeof protocolSchema>;
export type SourceRegion = z.infer<typeof sourceRegionSchema>;
export type ModelStatus = z.infer<typeof statusSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type Capabilities = z.infer<typeof capabilitiesSchema>;
export type Pricing = z.infer<typeof pricingSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
