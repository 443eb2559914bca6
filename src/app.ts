import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { GatewayServices } from './inference/gateway-services.js';
import { GatewayError, invalidRequest, notFound, requestTooLarge, toGatewayError } from './openai/errors.js';
import { GatewayMetrics } from './observability/metrics.js';
import { newRequestId } from './util/ids.js';
import { registerAdminTenancy } from './http/routes/admin-tenancy.js';
import { registerChatCompletions } from './http/routes/chat-completions.js';
import { registerModels } from './http/routes/models.js';
import { registerReceipts } from './http/routes/receipts.js';
import { sendError } from './http/send-error.js';
import { lazyChildLogger } from './http/lazy-child-logger.js';
import { clientErrorHandler, frameworkErrorHandler } from './http/client-error.js';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './util/json-depth.js';
import { registerAdminAudit } from './http/routes/admin-audit.js';
import { registerAdminStatements } from './http/routes/admin-statements.js';
import { registerUsage } from './http/routes/usage.js';
import { registerAdminProviders } from './http/routes/admin-providers.js';
import { registerAdminRoutes } from './http/routes/admin-routes.js';
import { registerCompare } from './http/routes/compare.js';
import { registerDashboard } from './http/routes/dashboard.js';

export interface AppOptions {
  /** Pass false in tests that build many apps: default process metrics register timers. */
  defaultMetrics?: boolean;
}

/**
 * The HTTP application: routes and hooks over already-built services. No I/O at import; main.ts
 * (or a test) builds the services and calls this.
 */
export function buildApp(services: GatewayServices, options: AppOptions = {}): FastifyInstance {
  const { config } = services;
  const app = Fastify({
    bodyLimit: config.server.body_limit_bytes,
    loggerInstance: services.log as FastifyBaseLogger,
    // Per-request access logs cost CPU on the hot path; metrics and receipts record every request.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => newRequestId(),
    childLoggerFactory: lazyChildLogger,
    requestIdHeader: false,
    // Slow-loris headers and bodies: a request must arrive within this time (408). Node applies it
    // to bodies only when given at construction (`http`), and checks it on an interval that must
    // be a fraction of the timeout for the limit to mean anything.
    requestTimeout: config.server.request_timeout_ms,
    http: { requestTimeout: config.server.request_timeout_ms, connectionsCheckingInterval: Math.min(30_000, Math.floor(config.server.request_timeout_ms / 4)) },
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  const metrics = new GatewayMetrics(options.defaultMetrics ?? true);

  // Bodies are kept as raw bytes whatever the content type: handlers parse them, so invalid
  // UTF-8 and malformed JSON get our errors, and the exact bytes are available to the cache.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    if (jsonNestsDeeperThan(body as Buffer)) return done(invalidRequest(`Request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    done(null, body);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A NUL decoded from the path or query would reach SQL as an id or filter; PostgreSQL text
    // cannot hold one (a 500 there), and no id, name or filter of ours contains one.
    if (/%00/i.test(request.url)) throw invalidRequest('The URL must not contain NUL (%00).', null, 'invalid_url');
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: FastifyError | GatewayError, request, reply) => {
    let error: GatewayError;
    if (err instanceof GatewayError) error = err;
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') error = requestTooLarge(config.server.body_limit_bytes);
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      error = invalidRequest(err.message);
    } else {
      request.log.error({ err }, 'unhandled error');
      error = toGatewayError(err);
    }
    return sendError(reply, error);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, notFound(`Unknown endpoint ${request.method} ${request.url.split('?')[0]}.`, 'unknown_url')));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      await sql`select 1`.execute(services.db);
      checks.database = 'ok';
    } catch {
      checks.database = 'unreachable';
      ready = false;
    }
    // Redis down is degraded, not unready: budgets live in the database (fail closed with it);
    // rate limits and single-flight fall back per replica or refuse, as configured.
    checks.redis = services.redis ? services.redis.status : 'disabled';
    if (services.redis && !services.redis.healthy) checks.redis_failure_mode = config.storage.redis_failure_mode;
    return reply.code(ready ? 200 : 503).send({ status: ready ? (checks.redis?.startsWith('unreachable') ? 'degraded' : 'ready') : 'not_ready', checks });
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  registerChatCompletions(app, services);
  registerModels(app, services);
  registerReceipts(app, services);
  registerAdminTenancy(app, services);
  registerAdminProviders(app, services);
  registerAdminRoutes(app, services);
  registerAdminAudit(app, services);
  registerAdminStatements(app, services);
  registerUsage(app, services);
  registerCompare(app, services);
  registerDashboard(app, services);
  return app;
}
