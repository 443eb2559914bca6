import type { BillingRates } from '../billing/cost.js';
import type { Capabilities, CatalogModel } from '../catalog/catalog.js';
import type { RequestNeeds } from '../routing/request-needs.js';
import type { LatencySummary } from '../routing/latency-stats.js';
import type { EvaluatedCandidate } from '../routing/select-candidates.js';
import { estimateCost, priceView, type BillingSettings, type CostEstimate, type PriceView } from './cost-estimate.js';
import { fitFlags, type FitFlags } from './fit-checks.js';
import { latencyView, type LatencyView } from './latency-view.js';
import { estimateReason, type TokenCountView } from './model-tokens.js';

/** One row of a compare answer: a model, whether the request fits it, what it costs, how fast it is. */
export interface CandidateView {
  id: string;
  provider: string;
  upstream_model: string;
  source_region: 'global' | 'china';
  status: 'active' | 'deprecated' | 'retired';
  replacement: string | null;
  capabilities: Capabilities;
  context_window: number | null;
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  fits: FitFlags;
  /** Why it does not fit (routing's reasons, then the model's input/output limits). */
  reasons: string[];
  /** Position in the route's attempt order (route compares only; null = the route would not use it). */
  route_rank: number | null;
  tokens: TokenCountView;
  price: PriceView;
  cost: CostEstimate | null;
  latency: LatencyView;
  workload: { requested: string | null; fits: boolean | null; model_workloads: string[] };
}

export interface ViewContext {
  needs: RequestNeeds;
  maxTokens: number | undefined;
  requests: number;
  prompt: { source: 'tokenized' | 'given'; assumptions: string[] };
  outputSource: TokenCountView['output_source'];
  workload: string | null;
  billing: BillingSettings;
  rates: BillingRates;
  usable: (model: CatalogModel) => boolean;
  latency: (modelId: string) => LatencySummary;
}

export function candidateView(e: EvaluatedCandidate, keylessFits: boolean, rank: number | null, ctx: ViewContext): CandidateView {
  const m = e.model;
  const { flags, limitReasons } = fitFlags(m, ctx.needs, ctx.maxTokens, ctx.usable(m));
  const reasons = [...e.reasons, ...limitReasons];
  const reason = ctx.prompt.source === 'tokenized' ? estimateReason(m, ctx.prompt.assumptions) : null;
  const workloads: string[] = [...m.workloads];
  return {
    id: m.id,
    provider: m.provider,
    upstream_model: m.upstream_model,
    source_region: m.source_region,
    status: m.status,
    replacement: m.replacement,
    capabilities: m.capabilities,
    context_window: m.context_window,
    max_input_tokens: m.max_input_tokens,
    max_output_tokens: m.max_output_tokens,
    fits: { all: reasons.length === 0, request: keylessFits && limitReasons.length === 0, ...flags },
    reasons,
    route_rank: rank,
    tokens: {
      prompt_tokens: ctx.needs.promptTokens,
      prompt_source: ctx.prompt.source,
      estimated: reason !== null,
      estimate_reason: reason,
      output_tokens: ctx.needs.outputTokens,
      output_source: ctx.outputSource,
    },
    price: priceView(m, ctx.rates),
    cost: estimateCost(m, { prompt: ctx.needs.promptTokens, output: ctx.needs.outputTokens }, ctx.requests, ctx.billing, ctx.rates),
    latency: latencyView(m, ctx.latency(m.id)),
    workload: { requested: ctx.workload, fits: ctx.workload === null ? null : workloads.includes(ctx.workload), model_workloads: workloads },
  };
}
