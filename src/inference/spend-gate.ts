import type { CatalogModel } from '../catalog/catalog.js';
import { applyPercent, percentOf } from '../billing/cost.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { reserveBudget } from '../spend/budget-ledger.js';
import type { LimitSpec } from '../spend/rate-limiter.js';
import { parseBudget, parseRateLimit } from '../spend/spend-policy.js';
import type { SpendScope } from '../spend/spend-scopes.js';
import { worstCaseListCostUinr } from '../spend/worst-case-cost.js';
import { estimatePromptTokens } from './estimate-usage.js';
import type { GatewayServices } from './gateway-services.js';
import type { ReceiptDraft } from './receipt-draft.js';

/**
 * Spend control on the request path (SPEC §7): rate limits first (cheap, in memory), then the
 * budget scopes; a fresh call reserves its worst-case charge before going upstream.
 */

export function spendScopesOf(principal: ProjectPrincipal): SpendScope[] {
  const { key, project, team } = principal;
  return [
    { kind: 'key', id: key.id, budget: parseBudget(key.budget_json) },
    { kind: 'project', id: project.id, budget: parseBudget(project.budget_json) },
    { kind: 'team', id: project.team_id, budget: parseBudget(team?.budget_json ?? null) },
  ];
}

export function rateLimitSpecs(principal: ProjectPrincipal): LimitSpec[] {
  const specs: LimitSpec[] = [];
  const project = parseRateLimit(principal.project.rate_limit_json);
  const key = parseRateLimit(principal.key.rate_limit_json);
  if (project) specs.push({ id: `project:${principal.project.id}`, ...project });
  if (key) specs.push({ id: `key:${principal.key.id}`, ...key });
  return specs;
}

/** Tokens a request is counted for up front (OpenAI counts the prompt plus max_tokens). */
export function rateLimitTokenEstimate(req: ChatRequest): number {
  return estimatePromptTokens(req) + (req.max_completion_tokens ?? req.max_tokens ?? 0) * (req.n ?? 1);
}

/** Takes from the rate-limit buckets (429 when empty); the state goes on the draft for headers. */
export async function applyRateLimits(services: GatewayServices, principal: ProjectPrincipal, req: ChatRequest, draft: ReceiptDraft): Promise<LimitSpec[]> {
  const specs = rateLimitSpecs(principal);
  if (specs.length > 0) draft.rateLimit = await services.rateLimiter.take(specs, rateLimitTokenEstimate(req));
  return specs;
}

/**
 * Reserves the worst-case charge of a fresh call against hard budgets (402 when it does not fit):
 * the most expensive candidate that might serve it, at its billing basis.
 */
export async function reserveFresh(services: GatewayServices, draft: ReceiptDraft, req: ChatRequest, candidates: ReadonlyArray<{ model: CatalogModel; target: { billingBasis: 'platform' | 'byok' } }>): Promise<void> {
  const billing = services.config.billing;
  const rates = { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, catalog_version: services.catalog.version };
  let charge = 0;
  for (const c of candidates) {
    const list = worstCaseListCostUinr(req, c.model, rates);
    charge = Math.max(charge, c.target.billingBasis === 'byok' ? percentOf(list, billing.byok_fee_pct) : applyPercent(list, billing.fresh_markup_pct, 'add'));
  }
  draft.reservation = await reserveBudget(services.db, draft.spendScopes, charge, Date.now(), services.reservations);
}
