import type { SignedReceipt } from '../billing/receipt.js';
import type { CsvValue } from './csv.js';
import { IST_OFFSET_MS } from './ist-time.js';

/**
 * One flat CSV row per receipt. Money columns are the receipt's own decimal strings (six
 * decimals, as signed), so a re-import sums to the same µ-units; `created_ist` is the IST wall
 * clock in a form spreadsheets recognise as a date-time.
 */

export const RECEIPT_CSV_COLUMNS = [
  'id',
  'created',
  'created_ist',
  'team_id',
  'project_id',
  'key_id',
  'environment',
  'workload',
  'tags',
  'model_requested',
  'model_served',
  'provider',
  'serve_mode',
  'usage_source',
  'billing_basis',
  'status',
  'error_code',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'list_cost_inr',
  'discount_inr',
  'charged_inr',
  'upstream_cost_usd',
  'latency_ms',
  'source_receipt_id',
  'request_hash',
] as const;

export type ReceiptCsvColumn = (typeof RECEIPT_CSV_COLUMNS)[number];

function istWallClock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ') : '';
}

export function receiptCsvRecord(r: SignedReceipt): Record<ReceiptCsvColumn, CsvValue> {
  return {
    id: r.id,
    created: r.created,
    created_ist: istWallClock(r.created),
    team_id: r.team_id,
    project_id: r.project_id,
    key_id: r.key_id,
    environment: r.environment,
    workload: r.workload,
    tags: r.tags.join(','),
    model_requested: r.model_requested,
    model_served: r.model_served,
    provider: r.provider,
    serve_mode: r.serve_mode,
    usage_source: r.usage_source,
    billing_basis: r.billing_basis,
    status: r.status,
    error_code: r.error_code,
    prompt_tokens: r.usage.prompt,
    completion_tokens: r.usage.completion,
    cached_tokens: r.usage.cached,
    reasoning_tokens: r.usage.reasoning,
    list_cost_inr: r.list_cost_inr,
    discount_inr: r.discount_inr,
    charged_inr: r.charged_inr,
    upstream_cost_usd: r.upstream_cost_usd,
    latency_ms: r.latency_ms,
    source_receipt_id: r.cache.source_receipt_id,
    request_hash: r.request_hash,
  };
}

export function receiptCsvCells(r: SignedReceipt): CsvValue[] {
  const record = receiptCsvRecord(r);
  return RECEIPT_CSV_COLUMNS.map((column) => record[column]);
}
