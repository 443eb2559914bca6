import type { CatalogModel } from '../catalog/catalog.js';
import { computeCost, type BillingRates } from '../billing/cost.js';
import type { RoutePolicy } from './route-policy.js';
import type { RequestNeeds } from './request-needs.js';
import { MIN_SAMPLES, type LatencySummary } from './latency-stats.js';

/**
 * Candidate selection as a pure function (SPEC §8): every model is evaluated against what the
 * request needs and the policy's filters, with the reasons it does not fit; fitting models are
 * then ordered by estimated cost, live latency or the given order.
 */

export interface SelectionContext {
  needs: RequestNeeds;
  policy: RoutePolicy;
  /** The workload label this request carries (key label or x-nextmodel-workload). */
  workload: string | null;
  /** Whether this gateway can call the model's provider for this project (platform key or BYOK). */
  usable: (model: CatalogModel) => boolean;
  latency: (modelId: string) => LatencySummary;
  rates: BillingRates;
}

export interface EvaluatedCandidate {
  model: CatalogModel;
  fits: boolean;
  reasons: string[];
  estimatedCostUinr: number;
  latencyMs: number | null;
  latencyOrigin: 'measured' | 'catalog' | null;
}

/** USD per 1M tokens, converting CNY-only prices at the reference rates. */
export function usdPerMtok(model: CatalogModel, kind: 'input' | 'output', rates: BillingRates): number | null {
  const usd = kind === 'input' ? model.pricing.input_usd_per_mtok : model.pricing.output_usd_per_mtok;
  if (usd !== null) return usd;
  const cny = kind === 'input' ? model.pricing.input_cny_per_mtok : model.pricing.output_cny_per_mtok;
  return cny === null ? null : (cny * rates.cny_inr) / rates.usd_inr;
}

function latencyOf(model: CatalogModel, ctx: SelectionContext): { ms: number | null; origin: 'measured' | 'catalog' | null } {
  const live = ctx.latency(model.id);
  const liveMs = ctx.needs.streaming ? live.ttft_p50_ms : live.total_p50_ms;
  if (live.samples >= MIN_SAMPLES && liveMs !== null) return { ms: liveMs, origin: 'measured' };
  const est = ctx.needs.streaming ? model.latency_estimate.ttft_ms_p50 : model.latency_estimate.total_ms_p50;
  return est === null ? { ms: null, origin: null } : { ms: est, origin: 'catalog' };
}

export function evaluate(model: CatalogModel, ctx: SelectionContext): EvaluatedCandidate {
  const { needs, policy } = ctx;
  const reasons: string[] = [];
  const caps = model.capabilities;
  if (model.status === 'retired') reasons.push('retired');
  if (needs.tools && !caps.tools) reasons.push('no tool support');
  if (needs.jsonSchema && !caps.json_schema) reasons.push('no json_schema support');
  if (needs.jsonObject && !caps.json_object && !caps.json_schema) reasons.push('no JSON mode');
  if (needs.vision && !caps.vision) reasons.push('no image input');
  if (needs.streaming && !caps.streaming) reasons.push('no streaming');
  for (const r of policy.require) {
    const has = r === 'json_object' ? caps.json_object : caps[r];
    if (!has) reasons.push(`route requires ${r}`);
  }
  const window = model.context_window;
  if (window !== null && needs.contextTokens > window) reasons.push(`context overflow: ~${needs.contextTokens} tokens > ${window}`);
  if (policy.min_context && (window === null || window < policy.min_context)) reasons.push(`context window below ${policy.min_context}`);
  if (policy.source !== 'any' && model.source_region !== policy.source) reasons.push(`source is ${model.source_region}, route wants ${policy.source}`);
  const input = usdPerMtok(model, 'input', ctx.rates);
  const output = usdPerMtok(model, 'output', ctx.rates);
  if (policy.max_price?.input !== undefined && (input === null || input > policy.max_price.input)) reasons.push(`input price above $${policy.max_price.input}/M`);
  if (policy.max_price?.output !== undefined && (output === null || output > policy.max_price.output)) reasons.push(`output price above $${policy.max_price.output}/M`);
  const workload = policy.workload === 'from_request' ? ctx.workload : (policy.workload ?? null);
  if (workload && !(model.workloads as string[]).includes(workload)) reasons.push(`not tagged for workload ${workload}`);
  if (!ctx.usable(model)) reasons.push(`provider ${model.provider} not configured`);
  const estimatedCostUinr =
    input === null || output === null
      ? Number.MAX_SAFE_INTEGER
      : computeCost({ prompt: needs.promptTokens, completion: needs.outputTokens, cached: 0, reasoning: 0, total: needs.contextTokens }, model, ctx.rates).listCostUinr;
  const latency = latencyOf(model, ctx);
  return { model, fits: reasons.length === 0, reasons, estimatedCostUinr, latencyMs: latency.ms, latencyOrigin: latency.origin };
}

/**
 * Orders fitting candidates. Latency order explores first: models without enough live samples go
 * ahead (cheapest first) until measured, then the fastest p50 leads.
 */
export function orderCandidates(evaluated: readonly EvaluatedCandidate[], order: RoutePolicy['order'], ctx: Pick<SelectionContext, 'latency'>): EvaluatedCandidate[] {
  const fitting = evaluated.filter((c) => c.fits);
  if (order === 'given') return fitting;
  const byPrice = (a: EvaluatedCandidate, b: EvaluatedCandidate) => a.estimatedCostUinr - b.estimatedCostUinr;
  if (order === 'price') return [...fitting].sort(byPrice);
  const unmeasured = fitting.filter((c) => ctx.latency(c.model.id).samples < MIN_SAMPLES).sort(byPrice);
  const measured = fitting.filter((c) => ctx.latency(c.model.id).samples >= MIN_SAMPLES).sort((a, b) => (a.latencyMs ?? Infinity) - (b.latencyMs ?? Infinity) || byPrice(a, b));
  return [...unmeasured, ...measured];
}
