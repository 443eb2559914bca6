import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getReceipt, listReceipts } from '../../billing/receipt-store.js';
import { verifyReceipt } from '../../billing/receipt-signer.js';
import { listPublicKeys, publicKeyMap } from '../../billing/signing-keys.js';
import { authenticate } from '../../keys/authenticate.js';
import type { GatewayServices } from '../../inference/gateway-services.js';
import { invalidRequest, notFound } from '../../openai/errors.js';
import { zodToGatewayError } from '../../openai/parse-chat-request.js';

const listQuery = z.strictObject({
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(64).optional(),
});

/** ISO date/time or epoch ms → epoch ms. */
export function parseTime(value: string | undefined, param: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw invalidRequest(`'${param}' must be an ISO 8601 date/time or epoch milliseconds.`, param);
  return ms;
}

export function registerReceipts(app: FastifyInstance, services: GatewayServices): void {
  /** Public keys are public: anyone may fetch them to verify receipts offline. */
  app.get('/v1/receipts/public-keys', async () => ({ object: 'list', data: await listPublicKeys(services.db) }));

  app.post('/v1/receipts/verify', async (request) => {
    let body: unknown;
    try {
      body = JSON.parse((request.body as Buffer | undefined)?.toString('utf8') ?? '');
    } catch {
      throw invalidRequest('Body must be a receipt as JSON, or {"receipt": {...}}.');
    }
    const receipt = body && typeof body === 'object' && 'receipt' in body ? (body as { receipt: unknown }).receipt : body;
    const result = verifyReceipt(receipt, await publicKeyMap(services.db));
    return result.valid ? { valid: true, key_id: result.key_id } : { valid: false, reason: result.reason, detail: result.detail };
  });

  app.get('/v1/receipts/:id', async (request) => {
    const principal = await authenticate(services.db, request.headers.authorization);
    const { id } = request.params as { id: string };
    const receipt = await getReceipt(services.db, id, { projectId: principal.kind === 'admin' ? null : principal.project.id });
    // Another project's receipt is indistinguishable from a missing one.
    if (!receipt) throw notFound(`No receipt '${id}'.`, 'receipt_not_found', 'id');
    return receipt;
  });

  app.get('/v1/receipts', async (request) => {
    const principal = await authenticate(services.db, request.headers.authorization);
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw zodToGatewayError(parsed.error, 'query');
    const q = parsed.data;
    const page = await listReceipts(services.db, {
      projectId: principal.kind === 'admin' ? null : principal.project.id,
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...optionalTime('fromMs', parseTime(q.from, 'from')),
      ...optionalTime('toMs', parseTime(q.to, 'to')),
    });
    return { object: 'list', data: page.data, next_cursor: page.next_cursor, has_more: page.next_cursor !== null };
  });
}

function optionalTime<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
