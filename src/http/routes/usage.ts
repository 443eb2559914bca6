import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate } from '../../keys/authenticate.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';
import { keyOverview } from '../../usage/key-overview.js';
import { EXPORT_CONTENT_TYPE, EXPORT_STREAM_OPTIONS, exportChunks, exportFilename, receiptPages, snapshotFilter } from '../../usage/receipt-export.js';
import { exportQuery, filterOf, usageQuery } from '../../usage/usage-params.js';
import { usageReport } from '../../usage/usage-report.js';
import { scopeFilter } from '../../usage/usage-scope.js';

/**
 * GET /v1/usage, GET /v1/usage/export, GET /v1/key (SPEC §4). Any key may call them; a project
 * key sees only its own project (usage/usage-scope.ts).
 */
export function registerUsage(app: FastifyInstance, services: GatewayServices): void {
  const { db } = services;

  app.get('/v1/usage', async (request) => {
    const principal = await authenticate(db, request.headers.authorization);
    const parsed = usageQuery.safeParse(request.query);
    if (!parsed.success) throw zodToGatewayError(parsed.error, 'query');
    return usageReport(db, { groupBy: parsed.data.group_by, filter: scopeFilter(principal, filterOf(parsed.data)) });
  });

  app.get('/v1/usage/export', async (request, reply) => {
    const principal = await authenticate(db, request.headers.authorization);
    const parsed = exportQuery.safeParse(request.query);
    if (!parsed.success) throw zodToGatewayError(parsed.error, 'query');
    const { format } = parsed.data;
    const filter = snapshotFilter(scopeFilter(principal, filterOf(parsed.data)));
    // Headers go out with the first page; a database failure after that can only cut the
    // stream short (the connection is reset, so a client never mistakes it for the whole export).
    return reply
      .header('content-type', EXPORT_CONTENT_TYPE[format])
      .header('content-disposition', `attachment; filename="${exportFilename(format, filter)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportChunks(receiptPages(db, filter), format), EXPORT_STREAM_OPTIONS));
  });

  app.get('/v1/key', async (request) => keyOverview(db, await authenticate(db, request.headers.authorization)));
}
