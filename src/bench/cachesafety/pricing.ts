import { applyPercent, computeCost, type BillingRates } from '../../billing/cost.js';
import type { Catalog, CatalogModel } from '../../catalog/catalog.js';
import { configSchema } from '../../config/config-schema.js';
import { estimatePromptTokens } from '../../inference/estimate-usage.js';
import type { ChatRequest } from '../../openai/chat-request.js';

/**
 * Money for the bench, in integer µINR and µUSD (never summed as floats). A request is priced at
 * the catalog's list price for the model under test; a cache hit is charged as the gateway
 * charges a replay, list × (1 − exact_cache_discount_pct/100).
 */

export interface BenchSettings {
  usdInr: number;
  cnyInr: number;
  discountPct: number;
  ttlS: number;
  timeSensitiveTtlS: number;
}

/** The gateway's own config defaults (usd_inr 88, exact_cache_discount_pct 90, TTLs 86400/300). */
export function defaultSettings(): BenchSettings {
  const c = configSchema.parse({});
  return { usdInr: c.billing.usd_inr, cnyInr: c.billing.cny_inr, discountPct: c.billing.exact_cache_discount_pct, ttlS: c.cache.ttl_seconds, timeSensitiveTtlS: c.cache.time_sensitive_ttl_seconds };
}

export interface Money {
  uinr: number;
  uusd: number;
}
export const ZERO: Money = { uinr: 0, uusd: 0 };
export const add = (a: Money, b: Money): Money => ({ uinr: a.uinr + b.uinr, uusd: a.uusd + b.uusd });
export const sub = (a: Money, b: Money): Money => ({ uinr: a.uinr - b.uinr, uusd: a.uusd - b.uusd });

export class Pricer {
  private readonly rates: BillingRates;
  constructor(readonly model: CatalogModel, readonly catalogVersion: string, readonly settings: BenchSettings) {
    this.rates = { usd_inr: settings.usdInr, cny_inr: settings.cnyInr, catalog_version: catalogVersion };
  }

  static forModel(catalog: Catalog, name: string, settings: BenchSettings): Pricer {
    const model = catalog.resolve(name);
    if (!model) throw new Error(`model "${name}" is not in the catalog`);
    return new Pricer(model, catalog.version, settings);
  }

  /** List price of one fresh call: estimated prompt tokens + the case's expected output × n choices. */
  list(req: ChatRequest, outputTokens: number): Money {
    const prompt = estimatePromptTokens(req);
    const completion = outputTokens * (req.n ?? 1);
    const cost = computeCost({ prompt, completion, cached: 0, reasoning: 0, total: prompt + completion }, this.model, this.rates);
    return { uinr: cost.listCostUinr, uusd: cost.upstreamCostUusd };
  }

  /** What a replay of that answer is charged. */
  replayCharge(list: Money): Money {
    return { uinr: applyPercent(list.uinr, this.settings.discountPct, 'subtract'), uusd: applyPercent(list.uusd, this.settings.discountPct, 'subtract') };
  }

  /** What a hit saves against calling fresh. */
  saved(list: Money): Money {
    return sub(list, this.replayCharge(list));
  }
}
