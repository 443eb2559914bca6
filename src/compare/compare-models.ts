import type { Catalog, CatalogModel } from '../catalog/catalog.js';
import type { ChatRequest } from '../openai/chat-request.js';
import type { LatencySummary } from '../routing/latency-stats.js';
import { needsOf, type RequestNeeds } from '../routing/request-needs.js';
import type { RoutePolicy } from '../routing/route-policy.js';
import { evaluate, orderCandidates, type SelectionContext } from '../routing/select-candidates.js';
import { listedModels, routeModels } from './candidate-pool.js';
import { candidateView, type CandidateView, type ViewContext } from './candidate-view.js';
import type { CompareInput } from './compare-input.js';
import { ratesOf, type BillingSettings } from './cost-estimate.js';
import { loadTokenizer, TOKENIZER } from './token-count.js';

/**
 * Compare before you call (SPEC §10): one request, many models, side by side, without calling any
 * of them. Candidates are evaluated by routing's own `evaluate` (and, for a route, ordered by its
 * `orderCandidates`), so what compare says fits is what routing would pick. Pure over `CompareEnv`:
 * the HTTP route and the offline CLI supply it.
 */

export interface CompareEnv {
  catalog: Catalog;
  billing: BillingSettings;
  /** Whether this gateway can call the model's provider for the caller (platform key or BYOK). */
  usable: (model: CatalogModel) => boolean;
  latency: (modelId: string) => LatencySummary;
  findRoute: (name: string) => Promise<RoutePolicy | null>;
  /** The key's / x-nextmodel-workload label, used when the body names no workload. */
  workload: string | null;
}

/** Output tokens assumed when neither expected_output_tokens nor max_tokens is given (as routing assumes). */
export const DEFAULT_OUTPUT_TOKENS = 512;

export interface CompareResult {
  object: 'compare';
  catalog_version: string;
  tokenizer: typeof TOKENIZER;
  rates: BillingSettings;
  route: { name: string; policy: RoutePolicy } | null;
  requests: number;
  prompt: { tokens: number; source: 'tokenized' | 'given'; assumptions: string[] };
  output_tokens: number;
  needs: { tools: boolean; json_schema: boolean; json_object: boolean; vision: boolean; streaming: boolean; context_tokens: number };
  /** The cheapest model the request fits (by fresh cost), or null. */
  cheapest_fit: string | null;
  candidates: CandidateView[];
}

export async function compareModels(env: CompareEnv, input: CompareInput): Promise<CompareResult> {
  const prompt = await promptTokens(input);
  const outputTokens = input.expected_output_tokens ?? input.max_tokens ?? DEFAULT_OUTPUT_TOKENS;
  const outputSource = input.expected_output_tokens !== undefined ? 'expected_output_tokens' : input.max_tokens !== undefined ? 'max_tokens' : 'default';
  const needs: RequestNeeds = {
    ...needsOf(requestShape(input), DEFAULT_OUTPUT_TOKENS),
    promptTokens: prompt.tokens,
    outputTokens,
    // The context must hold the prompt plus every token the request allows the model to write.
    contextTokens: prompt.tokens + (input.max_tokens ?? outputTokens),
  };
  const pool = input.route ? await routeModels(env.catalog, input.route, env.findRoute) : listedModels(env.catalog, input.models ?? []);
  const rates = ratesOf(env.billing, env.catalog.version);
  const workload = input.workload ?? env.workload;
  const ctx: SelectionContext = { needs, policy: pool.policy, workload, usable: env.usable, latency: env.latency, rates };

  let evaluated = pool.models.map((m) => evaluate(m, ctx));
  const ranks = new Map<string, number>();
  if (pool.routeName !== null) {
    // As resolve-route.ts: the offline sandbox stands in only when no real model qualifies.
    const real = evaluated.filter((c) => c.model.provider !== 'sandbox');
    if (!pool.policy.models && real.some((c) => c.fits)) evaluated = real;
    const ordered = orderCandidates(evaluated, pool.policy.order, ctx);
    const used = pool.policy.fallbacks ? ordered : ordered.slice(0, 1);
    used.forEach((c, i) => ranks.set(c.model.id, i + 1));
    evaluated = [...used, ...evaluated.filter((c) => !ranks.has(c.model.id))];
  }

  const viewCtx: ViewContext = {
    needs,
    maxTokens: input.max_tokens,
    requests: input.requests,
    prompt,
    outputSource,
    workload,
    billing: env.billing,
    rates,
    usable: env.usable,
    latency: env.latency,
  };
  // The same verdict without the provider-key check: "would fit, once a key is configured".
  const keyless: SelectionContext = { ...ctx, usable: () => true };
  const candidates = evaluated.map((e) => candidateView(e, evaluate(e.model, keyless).fits, ranks.get(e.model.id) ?? null, viewCtx));
  const fitting = evaluated.filter((e, i) => candidates[i]?.fits.all === true && candidates[i]?.cost !== null);
  const cheapest = [...fitting].sort((a, b) => a.estimatedCostUinr - b.estimatedCostUinr)[0];

  return {
    object: 'compare',
    catalog_version: env.catalog.version,
    tokenizer: TOKENIZER,
    rates: { usd_inr: env.billing.usd_inr, cny_inr: env.billing.cny_inr, fresh_markup_pct: env.billing.fresh_markup_pct, exact_cache_discount_pct: env.billing.exact_cache_discount_pct },
    route: pool.routeName === null ? null : { name: pool.routeName, policy: pool.policy },
    requests: input.requests,
    prompt,
    output_tokens: outputTokens,
    needs: { tools: needs.tools, json_schema: needs.jsonSchema, json_object: needs.jsonObject, vision: needs.vision, streaming: needs.streaming, context_tokens: needs.contextTokens },
    cheapest_fit: cheapest?.model.id ?? null,
    candidates,
  };
}

async function promptTokens(input: CompareInput): Promise<CompareResult['prompt']> {
  if (!input.messages) return { tokens: input.prompt_tokens ?? 0, source: 'given', assumptions: [] };
  const tokenizer = await loadTokenizer();
  const count = tokenizer.countChat({ ...input, messages: input.messages });
  return { tokens: count.tokens, source: 'tokenized', assumptions: count.assumptions };
}

/** The request as routing would see it, for the capability half of `needsOf`. */
function requestShape(input: CompareInput): ChatRequest {
  return {
    model: input.route ?? 'compare',
    messages: input.messages ?? [{ role: 'user', content: '' }],
    tools: input.tools,
    functions: input.functions,
    response_format: input.response_format,
    stream: input.stream,
  };
}
