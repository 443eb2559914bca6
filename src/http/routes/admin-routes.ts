import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from '../../audit/audit-log.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, requireAdmin } from '../../keys/authenticate.js';
import { getProject } from '../../keys/tenancy-store.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';
import { jsonBody } from '../request-body.js';
import { routePolicySchema } from '../../routing/route-policy.js';
import { deleteProjectRoute, getProjectRoute, listProjectRoutes, putProjectRoute } from '../../routing/route-store.js';

/** Per-project routing policies (SPEC §8): PUT/GET/DELETE /v1/admin/projects/{id}/routes[/{name}]. */

const ROUTE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;


export function registerAdminRoutes(app: FastifyInstance, services: GatewayServices): void {
  const { db } = services;
  const admin = async (request: FastifyRequest) => requireAdmin(await authenticate(db, request.headers.authorization));

  app.put('/v1/admin/projects/:id/routes/:name', async (request) => {
    const principal = await admin(request);
    const { id, name } = request.params as { id: string; name: string };
    if (!(await getProject(db, id))) throw notFound('No such project.', 'project_not_found', 'id');
    if (!ROUTE_NAME.test(name)) throw invalidRequest('Route names are 1-64 characters of a-z, 0-9, . _ -', 'name');
    if (services.catalog.resolve(name)) throw invalidRequest(`'${name}' is a model id; a route needs a name of its own.`, 'name');
    const parsed = routePolicySchema.safeParse(jsonBody(request));
    if (!parsed.success) throw zodToGatewayError(parsed.error);
    for (const [i, m] of (parsed.data.models ?? []).entries()) {
      if (!services.catalog.resolve(m)) throw invalidRequest(`models[${i}] '${m}' is not in the catalog.`, `models[${i}]`);
    }
    const before = await getProjectRoute(db, id, name);
    await putProjectRoute(db, id, name, parsed.data);
    await appendAudit(db, { actor: principal.key.id, action: 'route.put', target: id, before: before ? { name, policy: before } : null, after: { name, policy: parsed.data } });
    return { object: 'route', project_id: id, name, policy: parsed.data };
  });

  app.get('/v1/admin/projects/:id/routes', async (request) => {
    await admin(request);
    const { id } = request.params as { id: string };
    const own = await listProjectRoutes(db, id);
    const config = [...services.routing.configRoutes.entries()].map(([name, policy]) => ({ name, policy, source: 'config' as const }));
    return { object: 'list', data: [...own.map((r) => ({ ...r, source: 'project' as const })), ...config] };
  });

  app.delete('/v1/admin/projects/:id/routes/:name', async (request) => {
    const principal = await admin(request);
    const { id, name } = request.params as { id: string; name: string };
    if (!(await deleteProjectRoute(db, id, name))) throw notFound(`No route '${name}' on this project.`, 'route_not_found', 'name');
    await appendAudit(db, { actor: principal.key.id, action: 'route.delete', target: id, before: { name } });
    return { object: 'route', project_id: id, name, deleted: true };
  });
}
