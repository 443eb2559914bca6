import type { CatalogModel } from '../catalog/catalog.js';
import type { GatewayServices } from '../inference/gateway-services.js';
import { resolveModel } from '../inference/resolve-model.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import type { ChatRequest, ProviderPreferences } from '../openai/chat-request.js';
import { invalidRequest, noProviderAvailable } from '../openai/errors.js';
import { budgetUsedPct } from '../spend/budget-usage.js';
import type { SpendScope } from '../spend/spend-scopes.js';
import { needsOf } from './request-needs.js';
import { AUTO_ROUTE, routePolicySchema, type RoutePolicy } from './route-policy.js';
import { getProjectRoute } from './route-store.js';
import { evaluate, orderCandidates, usdPerMtok, type EvaluatedCandidate, type SelectionContext } from './select-candidates.js';

/**
 * `model` (+ the OpenRouter-style `models` / `provider` extras) → an ordered list of candidate
 * models and the policy that governs attempts. A catalog id is one candidate (plus any `models`
 * fallbacks); a route name or `auto` selects and orders candidates from the catalog.
 */

export interface RoutePlan {
  /** The route that decided, or null for a plain model id. */
  routeName: string | null;
  candidates: CatalogModel[];
  policy: RoutePolicy;
  /** Every model considered, with why it did or did not fit (routes only). */
  evaluated: EvaluatedCandidate[];
}

export interface RouteInput {
  principal: ProjectPrincipal;
  workload: string | null;
  scopes: SpendScope[];
  /** Providers this project has its own key for. */
  byokProviders: ReadonlySet<string>;
}

export function isUsable(services: GatewayServices, byokProviders: ReadonlySet<string>) {
  return (model: CatalogModel) => model.provider === 'sandbox' || byokProviders.has(model.provider) || Boolean(services.config.providers[model.provider]?.api_key);
}

async function findRoute(services: GatewayServices, projectId: string, name: string): Promise<RoutePolicy | null> {
  return (await getProjectRoute(services.db, projectId, name)) ?? services.routing.configRoutes.get(name) ?? (name === 'auto' ? AUTO_ROUTE : null);
}

function selectionContext(services: GatewayServices, req: ChatRequest, input: RouteInput, policy: RoutePolicy): SelectionContext {
  const billing = services.config.billing;
  return {
    needs: needsOf(req),
    policy,
    workload: input.workload,
    usable: isUsable(services, input.byokProviders),
    latency: (id) => services.routing.latency.summary(id),
    rates: { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, catalog_version: services.catalog.version },
  };
}

export async function resolveRoute(services: GatewayServices, req: ChatRequest, input: RouteInput, depth = 0): Promise<RoutePlan> {
  const projectId = input.principal.project.id;
  const routed = services.catalog.resolve(req.model) ? null : await findRoute(services, projectId, req.model);
  if (!routed) return explicitModels(services, req, input);
  const policy = routed;
  if (policy.downgrade && depth < 3) {
    const used = await budgetUsedPct(services.db, input.scopes);
    if (used !== null && used >= policy.downgrade.at_budget_pct) {
      return resolveRoute(services, { ...req, model: policy.downgrade.to }, input, depth + 1);
    }
  }
  const ctx = selectionContext(services, req, input, policy);
  const pool = policy.models ? policy.models.map((m) => resolveModel(services.catalog, m)) : services.catalog.list().filter((m) => m.status !== 'retired');
  let evaluated = pool.map((m) => evaluate(m, ctx));
  // The offline sandbox stands in only when no real model qualifies (so `auto` works offline).
  const real = evaluated.filter((c) => c.model.provider !== 'sandbox');
  if (!policy.models && real.some((c) => c.fits)) evaluated = real;
  const ordered = orderCandidates(evaluated, policy.order, ctx);
  if (ordered.length === 0) {
    const why = [...new Set(evaluated.flatMap((c) => c.reasons))].slice(0, 6).join('; ');
    throw noProviderAvailable(`Route '${req.model}' has no model that fits this request (${why || 'no candidates'}).`);
  }
  const candidates = ordered.map((c) => c.model);
  return { routeName: req.model, candidates: policy.fallbacks ? candidates : candidates.slice(0, 1), policy, evaluated };
}

/** A catalog model, its `models` fallbacks, filtered and ordered by `provider` preferences. */
function explicitModels(services: GatewayServices, req: ChatRequest, input: RouteInput): RoutePlan {
  const primary = resolveModel(services.catalog, req.model);
  const fallbacks = (req.models ?? []).map((name, i) => {
    const m = services.catalog.resolve(name);
    if (!m || m.status === 'retired') throw invalidRequest(`models[${i}] '${name}' is not an available model.`, `models[${i}]`, 'model_not_found');
    return m;
  });
  const unique = [primary, ...fallbacks].filter((m, i, all) => all.findIndex((x) => x.id === m.id) === i);
  const prefs = req.provider;
  let candidates = applyProviderPreferences(services, unique, prefs, req, input);
  if (candidates.length === 0) throw noProviderAvailable('No candidate model is left after the `provider` preferences (only/ignore/max_price).');
  if (prefs?.allow_fallbacks === false) candidates = candidates.slice(0, 1);
  const policy = routePolicySchema.parse({ order: 'given', max_attempts: Math.min(10, candidates.length + 2) });
  return { routeName: null, candidates, policy, evaluated: [] };
}

function applyProviderPreferences(services: GatewayServices, models: CatalogModel[], prefs: ProviderPreferences | undefined, req: ChatRequest, input: RouteInput): CatalogModel[] {
  if (!prefs) return models;
  const rates = { usd_inr: services.config.billing.usd_inr, cny_inr: services.config.billing.cny_inr, catalog_version: services.catalog.version };
  let out = models.filter((m) => (!prefs.only || prefs.only.includes(m.provider)) && !prefs.ignore?.includes(m.provider));
  const max = prefs.max_price;
  if (max) {
    out = out.filter((m) => {
      const i = usdPerMtok(m, 'input', rates);
      const o = usdPerMtok(m, 'output', rates);
      return (max.prompt === undefined || (i !== null && i <= max.prompt)) && (max.completion === undefined || (o !== null && o <= max.completion));
    });
  }
  if (prefs.order) {
    const rank = (m: CatalogModel) => {
      const r = prefs.order!.indexOf(m.provider);
      return r === -1 ? Number.MAX_SAFE_INTEGER : r;
    };
    out = [...out].sort((a, b) => rank(a) - rank(b));
  }
  if (prefs.sort) {
    const policy = routePolicySchema.parse({ order: prefs.sort });
    const ctx = selectionContext(services, req, input, policy);
    out = orderCandidates(out.map((m) => ({ ...evaluate(m, ctx), fits: true })), prefs.sort, ctx).map((c) => c.model);
  }
  return out;
}
