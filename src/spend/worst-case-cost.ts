import type { CatalogModel } from '../catalog/catalog.js';
import { computeCost, type BillingRates } from '../billing/cost.js';
import type { ChatRequest } from '../openai/chat-request.js';

/**
 * The most a request can cost, reserved against hard budgets before the upstream call:
 * a prompt-token upper bound plus the largest output the request allows, times n choices.
 *
 * Prompt bound: UTF-8 bytes / 3. Tokenizers spend at least ~3 bytes per token on English and
 * about one token per character on Devanagari and CJK (3 bytes each), so this over- rather than
 * under-estimates. Output bound: max_completion_tokens / max_tokens, else the model's output cap,
 * else its context window.
 */
const FALLBACK_MAX_OUTPUT = 32_768;

export function promptTokenUpperBound(req: ChatRequest): number {
  const bytes = Buffer.byteLength(JSON.stringify(req.messages), 'utf8') + (req.tools ? Buffer.byteLength(JSON.stringify(req.tools), 'utf8') : 0);
  return Math.ceil(bytes / 3) + 16;
}

export function maxOutputTokens(req: ChatRequest, model: CatalogModel): number {
  return req.max_completion_tokens ?? req.max_tokens ?? model.max_output_tokens ?? model.context_window ?? FALLBACK_MAX_OUTPUT;
}

export function worstCaseListCostUinr(req: ChatRequest, model: CatalogModel, rates: BillingRates): number {
  const prompt = promptTokenUpperBound(req);
  const completion = maxOutputTokens(req, model) * (req.n ?? 1);
  // cached = 0: the full input price is the upper bound.
  return computeCost({ prompt, completion, cached: 0, reasoning: 0, total: prompt + completion }, model, rates).listCostUinr;
}
