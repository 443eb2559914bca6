import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { GatewayError } from '../openai/errors.js';
import { sendError } from '../http/send-error.js';
import { CSRF_HEADER, csrfMatches, sessionTokenFrom } from './session-cookie.js';
import { sessionKey, type SessionStoreDeps } from './session-store.js';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const csrfMismatch = () =>
  new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'csrf_token_mismatch',
    message: `A request authenticated by the dashboard session cookie must send the ${CSRF_HEADER} header it was given at sign-in.`,
  });

/**
 * onRequest hook for /v1/*: a request with no Authorization header but a live dashboard session
 * cookie is treated as if it carried that session's key. Routes then authenticate as usual, so a
 * revoked key stops working at once. Mutations must also carry the CSRF header: SameSite=Strict
 * already keeps the cookie off cross-site requests, the header is the second lock.
 *
 * Requests with an Authorization header (every SDK call) return at the first check, so the hot
 * path pays one header lookup.
 */
export function sessionAuthHook(deps: SessionStoreDeps) {
  return function dashboardSession(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (request.headers.authorization !== undefined || !request.url.startsWith('/v1/')) return done();
    const token = sessionTokenFrom(request.headers.cookie);
    if (!token) return done();
    if (MUTATIONS.has(request.method) && !csrfMatches(token, headerValue(request.headers[CSRF_HEADER]))) {
      sendError(reply, csrfMismatch());
      return;
    }
    sessionKey(deps, token).then(
      (key) => {
        if (key) request.headers.authorization = `Bearer ${key}`;
        done();
      },
      (err: unknown) => done(err as Error),
    );
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
