import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, type Principal } from '../../keys/authenticate.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { CSRF_HEADER, clearedSessionCookie, csrfMatches, csrfTokenFor, sessionCookie, sessionTokenFrom, SESSION_TTL_MS } from '../../dashboard-server/session-cookie.js';
import { sessionAuthHook, csrfMismatch } from '../../dashboard-server/session-hook.js';
import { createSession, deleteSession, sessionKey } from '../../dashboard-server/session-store.js';
import { looksLikeFile, relativeAssetPath, StaticFiles, type StaticFile } from '../../dashboard-server/static-files.js';
import { parseBody } from '../request-body.js';

/**
 * The web dashboard (SPEC §12): the built SPA at /dashboard, sign-in sessions at
 * /dashboard/api/session, and the hook that lets a signed-in browser call /v1/* with its cookie.
 * The pages call the same public API as any client; this file adds no data endpoints.
 */

export interface DashboardOptions {
  /** Where the built SPA is; default dist/dashboard at the package root (same from src/ and dist/). */
  root?: string;
}

const signInBody = z.strictObject({ key: z.string().trim().min(1, 'an admin or project API key is required').max(200) });

const DEFAULT_ROOT = fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));

/** Scripts, styles, fonts and data only from us; nothing may frame the dashboard. */
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

const keySummary = (p: Principal) => ({
  id: p.key.id,
  kind: p.kind,
  name: p.key.name,
  display: p.key.prefix,
  project: p.kind === 'project' ? { id: p.project.id, name: p.project.name, team_id: p.project.team_id } : null,
});

export function registerDashboard(app: FastifyInstance, services: GatewayServices, options: DashboardOptions = {}): void {
  const deps = { db: services.db, secrets: services.secrets };
  const files = new StaticFiles(options.root ?? DEFAULT_ROOT);
  const secure = (request: FastifyRequest) => request.protocol === 'https';

  app.addHook('onRequest', sessionAuthHook(deps));

  app.post('/dashboard/api/session', async (request, reply) => {
    // JSON only: a cross-site HTML form cannot send application/json, so it cannot sign a browser in.
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw invalidRequest('Send {"key": "nm_…"} as application/json.', 'key');
    const { key } = parseBody(signInBody, request);
    const principal = await authenticate(services.db, `Bearer ${key}`);
    const token = await createSession(deps, key, principal.key.id);
    return reply
      .header('set-cookie', sessionCookie(token, secure(request)))
      .header('cache-control', 'no-store')
      .send({ object: 'dashboard_session', signed_in: true, key: keySummary(principal), csrf_token: csrfTokenFor(token), expires_in_s: SESSION_TTL_MS / 1000 });
  });

  /** Who is signed in, and the CSRF token again (the SPA keeps it in memory only, so a reload asks here). */
  app.get('/dashboard/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    // Not signed in is an answer, not an error: every first visit asks this.
    const signedOut = { object: 'dashboard_session', signed_in: false };
    const token = sessionTokenFrom(request.headers.cookie);
    const key = token ? await sessionKey(deps, token) : null;
    if (!token || !key) return signedOut;
    let principal: Principal;
    try {
      principal = await authenticate(services.db, `Bearer ${key}`);
    } catch {
      // The key was revoked (or its project deleted): the session dies with it.
      await deleteSession(deps, token);
      reply.header('set-cookie', clearedSessionCookie(secure(request)));
      return signedOut;
    }
    return { object: 'dashboard_session', signed_in: true, key: keySummary(principal), csrf_token: csrfTokenFor(token) };
  });

  app.delete('/dashboard/api/session', async (request, reply) => {
    const token = sessionTokenFrom(request.headers.cookie);
    if (token) {
      const csrf = request.headers[CSRF_HEADER];
      if (!csrfMatches(token, Array.isArray(csrf) ? csrf[0] : csrf)) throw csrfMismatch();
      await deleteSession(deps, token);
    }
    return reply.header('set-cookie', clearedSessionCookie(secure(request))).header('cache-control', 'no-store').send({ object: 'dashboard_session', deleted: true });
  });

  const serveApp = async (request: FastifyRequest, reply: FastifyReply) => {
    // From the raw URL, not the (already decoded) wildcard param: decoding happens exactly once.
    const path = relativeAssetPath((request.url.split('?')[0] ?? '').slice('/dashboard'.length));
    if (path === null || path.startsWith('api/')) throw notFound(`Unknown endpoint ${request.method} ${request.url.split('?')[0]}.`, 'unknown_url');
    const file = looksLikeFile(path) ? await files.get(path) : await files.get('index.html');
    if (!file) {
      if (looksLikeFile(path)) throw notFound(`No dashboard file '${path}'.`, 'unknown_url');
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `npm run build` (it builds dist/dashboard).');
    }
    return sendFile(request, reply, file);
  };
  app.get('/dashboard', serveApp);
  app.get('/dashboard/*', serveApp);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: StaticFile): FastifyReply {
  reply.header('cache-control', file.cacheControl).header('etag', file.etag).header('x-content-type-options', 'nosniff');
  if (file.type.startsWith('text/html')) reply.headers(HTML_HEADERS);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}
