import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appendAudit } from '../../audit/audit-log.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, requireAdmin } from '../../keys/authenticate.js';
import { deleteCredential, listCredentials, putCredential } from '../../keys/provider-credentials.js';
import { getProject } from '../../keys/tenancy-store.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';
import { jsonBody } from '../request-body.js';
import { assertSafeUpstreamUrl, UnsafeUpstreamError } from '../../providers/ssrf-guard.js';

/** BYOK (SPEC §7): a project's own provider keys, stored sealed, shown only as `…last4`. */

const credentialBody = z.strictObject({
  api_key: z.string().trim().min(8).max(512),
  base_url: z.string().max(2048).nullable().optional(),
});


export function registerAdminProviders(app: FastifyInstance, services: GatewayServices): void {
  const { db } = services;
  const admin = async (request: FastifyRequest) => requireAdmin(await authenticate(db, request.headers.authorization));
  const projectOr404 = async (id: string) => {
    if (!(await getProject(db, id))) throw notFound('No such project.', 'project_not_found', 'id');
  };

  app.put('/v1/admin/projects/:id/providers/:provider', async (request) => {
    const principal = await admin(request);
    const { id, provider } = request.params as { id: string; provider: string };
    await projectOr404(id);
    if (provider === 'sandbox' || !services.providers.has(provider)) throw invalidRequest(`Unknown provider '${provider}'.`, 'provider');
    const parsed = credentialBody.safeParse(jsonBody(request));
    if (!parsed.success) throw zodToGatewayError(parsed.error);
    const baseUrl = parsed.data.base_url ?? null;
    if (baseUrl !== null) {
      try {
        await assertSafeUpstreamUrl(baseUrl, services.config.security.allow_private_upstreams);
      } catch (err) {
        if (err instanceof UnsafeUpstreamError) throw invalidRequest(`${err.message}. Private upstreams need security.allow_private_upstreams in the gateway config.`, 'base_url');
        throw err;
      }
    }
    await putCredential(db, services.secrets, { projectId: id, provider, apiKey: parsed.data.api_key, baseUrl });
    const view = (await listCredentials(db, id)).find((c) => c.provider === provider);
    await appendAudit(db, { actor: principal.key.id, action: 'provider_credential.put', target: id, after: view });
    return view;
  });

  app.get('/v1/admin/projects/:id/providers', async (request) => {
    await admin(request);
    const { id } = request.params as { id: string };
    await projectOr404(id);
    return { object: 'list', data: await listCredentials(db, id) };
  });

  app.delete('/v1/admin/projects/:id/providers/:provider', async (request) => {
    const principal = await admin(request);
    const { id, provider } = request.params as { id: string; provider: string };
    if (!(await deleteCredential(db, id, provider))) throw notFound(`No ${provider} credential on this project.`, 'credential_not_found', 'provider');
    await appendAudit(db, { actor: principal.key.id, action: 'provider_credential.delete', target: id, before: { provider } });
    return { object: 'provider_credential', project_id: id, provider, deleted: true };
  });
}
