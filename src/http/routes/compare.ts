import { tagsOf, workloadOf } from '../attribution-headers.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { compareInputSchema } from '../../compare/compare-input.js';
import { compareModels, type CompareEnv } from '../../compare/compare-models.js';
import { runComparison } from '../../compare/compare-run.js';
import { pricingEstimateSchema, pricingEstimate } from '../../compare/pricing-estimate.js';
import { parseRunInput } from '../../compare/run-input.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, requireProject, type Principal } from '../../keys/authenticate.js';
import { listCredentials } from '../../keys/provider-credentials.js';
import { invalidRequest } from '../../openai/errors.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';
import { AUTO_ROUTE } from '../../routing/route-policy.js';
import { getProjectRoute } from '../../routing/route-store.js';
import { isUsable } from '../../routing/resolve-route.js';
import { receiptUrlFor } from '../inference-headers.js';

/**
 * Compare before you call (SPEC §10) and the price estimate (SPEC §4).
 * - POST /v1/compare, POST /v1/pricing/estimate: any key. A project key sees its project's routes
 *   and BYOK providers; an admin key sees config routes and `auto`, and platform keys only.
 * - POST /v1/compare/run: a project key (it makes real, billed calls as that project).
 */

function jsonBody(request: FastifyRequest): unknown {
  const raw = request.body as Buffer | undefined;
  if (!raw || raw.length === 0) throw invalidRequest('Request body is empty; expected a JSON object.');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw invalidRequest(`We could not parse the JSON body of your request: ${(err as Error).message}`);
  }
}

function parse<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S> {
  const json = jsonBody(request);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalidRequest('Request body must be a JSON object.');
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw zodToGatewayError(parsed.error);
  return parsed.data;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function compareEnv(services: GatewayServices, principal: Principal, request: FastifyRequest): Promise<CompareEnv> {
  const projectId = principal.kind === 'project' ? principal.project.id : null;
  const byok = projectId ? new Set((await listCredentials(services.db, projectId)).map((c) => c.provider)) : new Set<string>();
  return {
    catalog: services.catalog,
    billing: services.config.billing,
    usable: isUsable(services, byok),
    latency: (id) => services.routing.latency.summary(id),
    findRoute: async (name) =>
      (projectId ? await getProjectRoute(services.db, projectId, name) : null) ?? services.routing.configRoutes.get(name) ?? (name === 'auto' ? AUTO_ROUTE : null),
    workload: workloadOf(request.headers['x-nextmodel-workload']) ?? (principal.kind === 'project' ? principal.key.workload : null),
  };
}

export function registerCompare(app: FastifyInstance, services: GatewayServices): void {
  app.post('/v1/compare', async (request) => {
    const principal = await authenticate(services.db, request.headers.authorization, services.tenancy);
    const input = parse(compareInputSchema, request);
    return compareModels(await compareEnv(services, principal, request), input);
  });

  app.post('/v1/pricing/estimate', async (request) => {
    await authenticate(services.db, request.headers.authorization, services.tenancy);
    return pricingEstimate(services.catalog, services.config.billing, parse(pricingEstimateSchema, request));
  });

  app.post('/v1/compare/run', async (request, reply) => {
    const principal = requireProject(await authenticate(services.db, request.headers.authorization, services.tenancy));
    const input = parseRunInput(jsonBody(request));
    const controller = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    const fallbackHost = `${services.config.server.host}:${services.config.server.port}`;
    return runComparison(services, input, {
      principal,
      requestId: request.id,
      receiptUrl: (id) => receiptUrlFor(services.config.server.public_url, request.headers.host, fallbackHost, id),
      workload: workloadOf(request.headers['x-nextmodel-workload']),
      tags: tagsOf(request.headers['x-nextmodel-tags']),
      signal: controller.signal,
      cacheHeaders: request.headers,
    });
  });
}
