import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FutureMonthError, getStatement } from '../../billing/statements/get-statement.js';
import { renderStatementHtml } from '../../billing/statements/render-statement-html.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, requireAdmin } from '../../keys/authenticate.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';

const monthParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');
const statementQuery = z.strictObject({
  team: z.string().min(1).max(64),
  format: z.enum(['json', 'html']).optional(),
});

/**
 * GET /v1/admin/statements/{yyyy-mm}?team=<id>[&format=html] — a team's monthly statement (SPEC
 * §6): JSON, or a printable HTML page with `format=html` or `Accept: text/html`.
 */
export function registerAdminStatements(app: FastifyInstance, services: GatewayServices): void {
  app.get('/v1/admin/statements/:month', async (request, reply) => {
    const principal = requireAdmin(await authenticate(services.db, request.headers.authorization));
    const month = monthParam.safeParse((request.params as { month: string }).month);
    if (!month.success) throw invalidRequest(`Invalid 'month': ${month.error.issues[0]?.message ?? 'must be YYYY-MM'}`, 'month');
    const query = statementQuery.safeParse(request.query);
    if (!query.success) throw zodToGatewayError(query.error, 'query');
    // Deleted teams keep their statements: no deleted_ms filter.
    const team = await services.db.selectFrom('teams').selectAll().where('id', '=', query.data.team).executeTakeFirst();
    if (!team) throw notFound('No such team.', 'team_not_found', 'team');

    let statement;
    try {
      statement = await getStatement(services.db, { team, month: month.data, nowMs: Date.now(), gst: services.config.billing.gst, actor: principal.key.id });
    } catch (err) {
      if (err instanceof FutureMonthError) throw invalidRequest(err.message, 'month', 'month_not_started');
      throw err;
    }
    const wantsHtml = query.data.format === 'html' || (query.data.format === undefined && /\btext\/html\b/i.test(request.headers.accept ?? ''));
    if (wantsHtml) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderStatementHtml(statement));
    return statement;
  });
}
