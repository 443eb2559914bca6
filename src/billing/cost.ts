import type { CatalogModel } from '../catalog/catalog.js';
import type { UsageCounts } from '../openai/chat-response.js';
import { MICRO, mulDivRound, toMicroScaled } from './money.js';

/**
 * usage × catalog price × reference rate → integer µINR and µUSD.
 *
 * Token semantics are OpenAI's: `prompt` includes `cached`, `completion` includes `reasoning`.
 * So cached tokens are billed once, at the cached rate, and reasoning tokens once, as output.
 * Prices in the catalog are per 1M tokens; a model priced only in CNY is converted with the
 * configured CNY→INR reference rate, and the receipt says so.
 */

export interface BillingRates {
  usd_inr: number;
  cny_inr: number;
  catalog_version: string;
}

export interface PriceStamp {
  version: string;
  currency: 'USD' | 'CNY';
  usd_inr: number;
  cny_inr: number | null;
  input_usd_per_mtok: number | null;
  output_usd_per_mtok: number | null;
  cached_input_usd_per_mtok: number | null;
  cache_write_usd_per_mtok: number | null;
  input_cny_per_mtok: number | null;
  output_cny_per_mtok: number | null;
  cached_input_cny_per_mtok: number | null;
}

export interface CostBreakdown {
  price: PriceStamp;
  /** What the upstream list price comes to, in µINR. */
  listCostUinr: number;
  /** What the upstream list price comes to, in µUSD. */
  upstreamCostUusd: number;
}

const PER_MTOK = 1_000_000n;

export function priceStamp(model: CatalogModel, rates: BillingRates): PriceStamp {
  const p = model.pricing;
  const usdPriced = p.input_usd_per_mtok !== null && p.output_usd_per_mtok !== null;
  return {
    version: rates.catalog_version,
    currency: usdPriced ? 'USD' : 'CNY',
    usd_inr: rates.usd_inr,
    cny_inr: usdPriced ? null : rates.cny_inr,
    input_usd_per_mtok: p.input_usd_per_mtok,
    output_usd_per_mtok: p.output_usd_per_mtok,
    cached_input_usd_per_mtok: p.cached_input_usd_per_mtok,
    cache_write_usd_per_mtok: usdPriced ? p.cache_write_usd_per_mtok : null,
    input_cny_per_mtok: usdPriced ? null : p.input_cny_per_mtok,
    output_cny_per_mtok: usdPriced ? null : p.output_cny_per_mtok,
    cached_input_cny_per_mtok: usdPriced ? null : (p.cached_input_cny_per_mtok ?? null),
  };
}

/** Σ tokens × price, in micro-currency × 10^6 (exact, before division by 1M tokens). */
function weightedTokens(usage: UsageCounts, input: number | null, output: number | null, cached: number | null, cacheWrite: number | null = null): bigint {
  const written = usage.cache_write ?? 0;
  const uncachedPrompt = BigInt(Math.max(0, usage.prompt - usage.cached - written));
  const inputRate = toMicroScaled(input ?? 0);
  // No published cache price means no discount: cached tokens cost the input rate; likewise a
  // cache write without a published write price costs the input rate.
  const cachedRate = cached === null ? inputRate : toMicroScaled(cached);
  const writeRate = cacheWrite === null ? inputRate : toMicroScaled(cacheWrite);
  return uncachedPrompt * inputRate + BigInt(usage.cached) * cachedRate + BigInt(written) * writeRate + BigInt(usage.completion) * toMicroScaled(output ?? 0);
}

export function computeCost(usage: UsageCounts, model: CatalogModel, rates: BillingRates): CostBreakdown {
  const price = priceStamp(model, rates);
  if (price.currency === 'USD') {
    const microUsdTimesMtok = weightedTokens(usage, price.input_usd_per_mtok, price.output_usd_per_mtok, price.cached_input_usd_per_mtok, price.cache_write_usd_per_mtok);
    return {
      price,
      upstreamCostUusd: Number(mulDivRound(microUsdTimesMtok, 1n, PER_MTOK)),
      listCostUinr: Number(mulDivRound(microUsdTimesMtok, toMicroScaled(rates.usd_inr), PER_MTOK * MICRO)),
    };
  }
  const microCnyTimesMtok = weightedTokens(usage, price.input_cny_per_mtok, price.output_cny_per_mtok, price.cached_input_cny_per_mtok);
  const listCostUinr = mulDivRound(microCnyTimesMtok, toMicroScaled(rates.cny_inr), PER_MTOK * MICRO);
  return {
    price,
    listCostUinr: Number(listCostUinr),
    upstreamCostUusd: Number(mulDivRound(listCostUinr, MICRO, toMicroScaled(rates.usd_inr))),
  };
}

/** amount × (100 + pct)/100 or × (100 − pct)/100, exact to the µ-unit. */
export function applyPercent(amountMicro: number, pct: number, direction: 'add' | 'subtract'): number {
  const ppm = toMicroScaled(pct) / 100n; // pct → parts per million
  const factor = direction === 'add' ? MICRO + ppm : MICRO - ppm;
  return Number(mulDivRound(BigInt(amountMicro), factor, MICRO));
}

export function percentOf(amountMicro: number, pct: number): number {
  return Number(mulDivRound(BigInt(amountMicro), toMicroScaled(pct) / 100n, MICRO));
}
