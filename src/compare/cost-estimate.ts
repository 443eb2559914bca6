import type { CatalogModel } from '../catalog/catalog.js';
import type { Config } from '../config/config-schema.js';
import { applyPercent, computeCost, priceStamp, type BillingRates } from '../billing/cost.js';
import { formatMicro } from '../billing/money.js';
import { usdPerMtok } from '../routing/select-candidates.js';

/**
 * What a call would be charged, by the same arithmetic the pipeline prices receipts with:
 * `computeCost` (integer µINR/µUSD from catalog prices and reference rates), then the platform
 * markup for a fresh call, or `list × (1 − exact_cache_discount_pct/100)` for an exact-cache
 * replay (SPEC §5). Totals are the per-request µ-amount × requests, exactly.
 */

export type BillingSettings = Pick<Config['billing'], 'usd_inr' | 'cny_inr' | 'fresh_markup_pct' | 'exact_cache_discount_pct'>;

export interface Money {
  inr: string;
  usd: string;
}

export interface ServeModeCost {
  per_request: Money;
  total: Money;
}

export interface CostEstimate {
  /** Upstream list price of one request, before markup or discount. */
  list_per_request: Money;
  fresh: ServeModeCost;
  exact_cache: ServeModeCost;
}

export interface PriceView {
  /** The currency the catalog price is in; CNY-only prices are converted at the reference rate. */
  currency: 'USD' | 'CNY';
  converted: string | null;
  input_usd_per_mtok: number | null;
  output_usd_per_mtok: number | null;
  cached_input_usd_per_mtok: number | null;
  input_cny_per_mtok: number | null;
  output_cny_per_mtok: number | null;
}

export function ratesOf(billing: BillingSettings, catalogVersion: string): BillingRates {
  return { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, catalog_version: catalogVersion };
}

export function hasPrice(model: CatalogModel, rates: BillingRates): boolean {
  return usdPerMtok(model, 'input', rates) !== null && usdPerMtok(model, 'output', rates) !== null;
}

export function priceView(model: CatalogModel, rates: BillingRates): PriceView {
  const p = model.pricing;
  const currency = priceStamp(model, rates).currency;
  return {
    currency,
    converted: currency === 'CNY' ? `priced in CNY only: converted at ₹${rates.cny_inr}/CNY; USD shown at ₹${rates.usd_inr}/USD` : null,
    input_usd_per_mtok: usdPerMtok(model, 'input', rates),
    output_usd_per_mtok: usdPerMtok(model, 'output', rates),
    cached_input_usd_per_mtok: p.cached_input_usd_per_mtok,
    input_cny_per_mtok: p.input_cny_per_mtok,
    output_cny_per_mtok: p.output_cny_per_mtok,
  };
}

const money = (uinr: number, uusd: number, times = 1n): Money => ({ inr: formatMicro(BigInt(uinr) * times), usd: formatMicro(BigInt(uusd) * times) });

/** null when the catalog has no input or output price for the model (never guessed as 0). */
export function estimateCost(model: CatalogModel, tokens: { prompt: number; output: number }, requests: number, billing: BillingSettings, rates: BillingRates): CostEstimate | null {
  if (!hasPrice(model, rates)) return null;
  const usage = { prompt: tokens.prompt, completion: tokens.output, cached: 0, reasoning: 0, total: tokens.prompt + tokens.output };
  const cost = computeCost(usage, model, rates);
  const freshInr = applyPercent(cost.listCostUinr, billing.fresh_markup_pct, 'add');
  const freshUsd = applyPercent(cost.upstreamCostUusd, billing.fresh_markup_pct, 'add');
  const replayInr = applyPercent(cost.listCostUinr, billing.exact_cache_discount_pct, 'subtract');
  const replayUsd = applyPercent(cost.upstreamCostUusd, billing.exact_cache_discount_pct, 'subtract');
  const n = BigInt(requests);
  return {
    list_per_request: money(cost.listCostUinr, cost.upstreamCostUusd),
    fresh: { per_request: money(freshInr, freshUsd), total: money(freshInr, freshUsd, n) },
    exact_cache: { per_request: money(replayInr, replayUsd), total: money(replayInr, replayUsd, n) },
  };
}
