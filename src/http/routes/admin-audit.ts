import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAudit } from '../../audit/audit-query.js';
import type { AuditEntry } from '../../audit/audit-entry.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { authenticate, requireAdmin } from '../../keys/authenticate.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().regex(/^\d{1,15}$/, 'must be the next_cursor of a previous page').transform(Number).optional(),
  action: z.string().min(1).max(100).optional(),
  target: z.string().min(1).max(200).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

const entryView = (e: AuditEntry) => ({ object: 'audit_entry' as const, ...e });

/**
 * GET /v1/admin/audit?limit&cursor&action&target&order — the hash-chained log of admin
 * mutations, newest first by default. `action` is exact or a prefix ending in "*" (`key.*`).
 * Entries carry `prev_hash` and `hash`, so a client can re-check the chain it was given.
 */
export function registerAdminAudit(app: FastifyInstance, services: GatewayServices): void {
  app.get('/v1/admin/audit', async (request) => {
    requireAdmin(await authenticate(services.db, request.headers.authorization));
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw zodToGatewayError(parsed.error, 'query');
    const { cursor, action, target, ...rest } = parsed.data;
    const page = await listAudit(services.db, {
      ...rest,
      ...(cursor === undefined ? {} : { cursor }),
      ...(action === undefined ? {} : { action }),
      ...(target === undefined ? {} : { target }),
    });
    const nextCursor = page.next_cursor === null ? null : String(page.next_cursor);
    return { object: 'list', data: page.data.map(entryView), next_cursor: nextCursor, has_more: nextCursor !== null };
  });
}
