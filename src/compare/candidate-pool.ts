import type { Catalog, CatalogModel } from '../catalog/catalog.js';
import { resolveModel } from '../inference/resolve-model.js';
import { GatewayError, invalidRequest, notFound } from '../openai/errors.js';
import { routePolicySchema, type RoutePolicy } from '../routing/route-policy.js';

/**
 * Which models a compare looks at: the caller's list (in its order; retired models are shown with
 * their replacement rather than refused, since compare is where one finds that out), or a route's
 * pool exactly as routing builds it (resolve-route.ts): the route's `models`, else the whole
 * non-retired catalog.
 */

export interface CandidatePool {
  routeName: string | null;
  policy: RoutePolicy;
  models: CatalogModel[];
}

/** Models mode evaluates what the request needs and nothing else: no route filters. */
const NEUTRAL_POLICY: RoutePolicy = routePolicySchema.parse({ order: 'given' });

export function listedModels(catalog: Catalog, names: readonly string[]): CandidatePool {
  const models: CatalogModel[] = [];
  for (const [i, name] of names.entries()) {
    const model = catalog.resolve(name);
    if (!model) throw notFound(`The model '${name}' does not exist. GET /v1/models lists the available models.`, 'model_not_found', `models[${i}]`);
    if (!models.some((m) => m.id === model.id)) models.push(model);
  }
  return { routeName: null, policy: NEUTRAL_POLICY, models };
}

export async function routeModels(catalog: Catalog, name: string, findRoute: (name: string) => Promise<RoutePolicy | null>): Promise<CandidatePool> {
  if (catalog.resolve(name)) throw invalidRequest(`'${name}' is a model, not a route; pass it in models.`, 'route');
  const policy = await findRoute(name);
  if (!policy) throw notFound(`No route named '${name}' (project routes, config routes and 'auto' are searched).`, 'route_not_found', 'route');
  const models = policy.models
    ? policy.models.map((m, i) => {
        try {
          return resolveModel(catalog, m);
        } catch (err) {
          // The route itself is broken (routing would fail the same way); say which entry.
          if (err instanceof GatewayError) throw new GatewayError({ status: err.status, type: err.type, code: err.code, message: `route '${name}' models[${i}]: ${err.message}`, param: 'route' });
          throw err;
        }
      })
    : catalog.list().filter((m) => m.status !== 'retired');
  return { routeName: name, policy, models };
}
