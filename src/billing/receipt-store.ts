import { PostgresAdapter, type Kysely } from 'kysely';
import { hotQuery } from '../db/hot-query.js';
import type { Database, ReceiptsTable } from '../db/schema.js';
import { parseMicro } from './money.js';
import type { SignedReceipt } from './receipt.js';
import { addToUsageRollup, rollupParams, UPSERT_ROLLUP_SQL } from '../usage/usage-rollup.js';

/**
 * Receipts are append-only: this module inserts and reads, nothing updates or deletes. The
 * signed JSON is stored verbatim (`body`); the other columns index it for queries.
 */

const RECEIPT_COLUMNS = [
  'id', 'request_id', 'created_ms', 'team_id', 'project_id', 'key_id', 'environment', 'workload', 'model_requested', 'model_served',
  'provider', 'serve_mode', 'usage_source', 'billing_basis', 'status', 'error_code', 'stream', 'prompt_tokens', 'completion_tokens',
  'cached_tokens', 'reasoning_tokens', 'list_cost_uinr', 'discount_uinr', 'charged_uinr', 'upstream_cost_uusd', 'latency_ms',
  'source_receipt_id', 'receipt_hash', 'body',
] as const satisfies ReadonlyArray<keyof ReceiptsTable>;

// Fixed SQL: one insert per request, so it skips Kysely's builder (see db/hot-query.ts).
const INSERT_RECEIPT_SQL = `insert into receipts (${RECEIPT_COLUMNS.join(', ')}) values (${RECEIPT_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_RECEIPT = hotQuery(INSERT_RECEIPT_SQL);
// PostgreSQL only (a data-modifying CTE, which SQLite lacks): the receipt and its rollup upsert
// in one statement, one network round trip instead of two. Same transaction either way.
const INSERT_RECEIPT_AND_ROLLUP = hotQuery(`with inserted as (${INSERT_RECEIPT_SQL}) ${UPSERT_ROLLUP_SQL}`);

/** The receipts row of a signed receipt: its indexed columns plus the signed JSON itself. */
export function receiptRowOf(receipt: SignedReceipt): ReceiptsTable {
  return {
    id: receipt.id,
    request_id: receipt.request_id,
    created_ms: Date.parse(receipt.created),
    team_id: receipt.team_id,
    project_id: receipt.project_id,
    key_id: receipt.key_id,
    environment: receipt.environment,
    workload: receipt.workload,
    model_requested: receipt.model_requested,
    model_served: receipt.model_served,
    provider: receipt.provider,
    serve_mode: receipt.serve_mode,
    usage_source: receipt.usage_source,
    billing_basis: receipt.billing_basis,
    status: receipt.status,
    error_code: receipt.error_code,
    stream: receipt.stream ? 1 : 0,
    prompt_tokens: receipt.usage.prompt,
    completion_tokens: receipt.usage.completion,
    cached_tokens: receipt.usage.cached,
    reasoning_tokens: receipt.usage.reasoning,
    list_cost_uinr: parseMicro(receipt.list_cost_inr),
    discount_uinr: parseMicro(receipt.discount_inr),
    charged_uinr: parseMicro(receipt.charged_inr),
    upstream_cost_uusd: parseMicro(receipt.upstream_cost_usd),
    latency_ms: receipt.latency_ms,
    source_receipt_id: receipt.cache.source_receipt_id,
    receipt_hash: receipt.receipt_hash,
    body: JSON.stringify(receipt),
  };
}

/**
 * Inserts a receipt and adds it to the daily usage rollup. Run it inside a transaction so the
 * two commit together (settle-receipt.ts does).
 */
export async function insertReceipt(db: Kysely<Database>, receipt: SignedReceipt): Promise<void> {
  const row = receiptRowOf(receipt);
  const receiptParams = RECEIPT_COLUMNS.map((column) => row[column]);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await INSERT_RECEIPT_AND_ROLLUP.run(db, [...receiptParams, ...rollupParams(row)]);
    return;
  }
  await INSERT_RECEIPT.run(db, receiptParams);
  // Same transaction (the caller's): the daily rollup always equals the receipts.
  await addToUsageRollup(db, row);
}

export interface ReceiptScope {
  /** null = admin (any project). */
  projectId: string | null;
}

export async function getReceipt(db: Kysely<Database>, id: string, scope: ReceiptScope): Promise<SignedReceipt | null> {
  let query = db.selectFrom('receipts').select('body').where('id', '=', id);
  if (scope.projectId !== null) query = query.where('project_id', '=', scope.projectId);
  const row = await query.executeTakeFirst();
  return row ? (JSON.parse(row.body) as SignedReceipt) : null;
}

export interface ListReceiptsQuery extends ReceiptScope {
  fromMs?: number;
  toMs?: number;
  limit: number;
  /** The last id of the previous page (ids sort by time). */
  cursor?: string;
}

/** Newest first; one row more than the page tells whether there is a next page. Indexed by (project_id, id), migration 0010. */
export function listReceiptsQuery(db: Kysely<Database>, q: ListReceiptsQuery) {
  let query = db.selectFrom('receipts').select(['id', 'body']).orderBy('id', 'desc').limit(q.limit + 1);
  if (q.projectId !== null) query = query.where('project_id', '=', q.projectId);
  if (q.fromMs !== undefined) query = query.where('created_ms', '>=', q.fromMs);
  if (q.toMs !== undefined) query = query.where('created_ms', '<', q.toMs);
  if (q.cursor) query = query.where('id', '<', q.cursor);
  return query;
}

export async function listReceipts(db: Kysely<Database>, q: ListReceiptsQuery): Promise<{ data: SignedReceipt[]; next_cursor: string | null }> {
  const rows = await listReceiptsQuery(db, q).execute();
  const page = rows.slice(0, q.limit);
  return {
    data: page.map((r) => JSON.parse(r.body) as SignedReceipt),
    next_cursor: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
