import { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { resolveModel } from '../inference/resolve-model.js';
import { invalidRequest } from '../openai/errors.js';
import { estimateCost, priceView, ratesOf, type BillingSettings, type CostEstimate, type PriceView } from './cost-estimate.js';

/** `POST /v1/pricing/estimate {model, input_tokens, output_tokens, requests}` (SPEC §4). */
export const pricingEstimateSchema = z.strictObject({
  model: z.string().min(1).max(256),
  input_tokens: z.number().int().nonnegative().max(100_000_000),
  output_tokens: z.number().int().nonnegative().max(100_000_000),
  requests: z.number().int().positive().max(1_000_000_000).default(1),
});

export type PricingEstimateInput = z.output<typeof pricingEstimateSchema>;

export interface PricingEstimate extends CostEstimate {
  object: 'pricing.estimate';
  model: string;
  provider: string;
  catalog_version: string;
  input_tokens: number;
  output_tokens: number;
  requests: number;
  rates: BillingSettings;
  price: PriceView;
}

export function pricingEstimate(catalog: Catalog, billing: BillingSettings, input: PricingEstimateInput): PricingEstimate {
  const model = resolveModel(catalog, input.model);
  const rates = ratesOf(billing, catalog.version);
  const cost = estimateCost(model, { prompt: input.input_tokens, output: input.output_tokens }, input.requests, billing, rates);
  if (!cost) throw invalidRequest(`The catalog has no published input/output price for '${model.id}', so no estimate can be made.`, 'model', 'price_unknown');
  return {
    object: 'pricing.estimate',
    model: model.id,
    provider: model.provider,
    catalog_version: catalog.version,
    input_tokens: input.input_tokens,
    output_tokens: input.output_tokens,
    requests: input.requests,
    rates: { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, fresh_markup_pct: billing.fresh_markup_pct, exact_cache_discount_pct: billing.exact_cache_discount_pct },
    price: priceView(model, rates),
    ...cost,
  };
}
