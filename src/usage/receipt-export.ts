import type { Kysely } from 'kysely';
import type { SignedReceipt } from '../billing/receipt.js';
import type { Database } from '../db/schema.js';
import { istDay } from '../util/ist-periods.js';
import { csvLine, UTF8_BOM } from './csv.js';
import { receiptWhere } from './receipt-filter.js';
import { RECEIPT_CSV_COLUMNS, receiptCsvCells } from './receipt-csv.js';
import type { ExportFormat, ReceiptFilter } from './usage-params.js';

/**
 * GET /v1/usage/export and `nextmodel receipts export`: receipts streamed page by page, so memory
 * holds one page whatever the export's size.
 */

export const EXPORT_PAGE_SIZE = 1000;

/**
 * Stored receipt bodies matching the filter, in id order (ids sort by creation time), one page
 * at a time. Keyset pagination (`id > last id`) keeps every page an index range read, where
 * OFFSET would rescan all earlier rows. Every receipt durable when the export starts is included
 * exactly once, since receipts are never updated or deleted.
 */
export async function* receiptPages(db: Kysely<Database>, filter: ReceiptFilter, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('receipts')
      .select(['id', 'body'])
      .where((eb) => receiptWhere(eb, filter))
      .orderBy('id')
      .limit(pageSize);
    if (after !== null) query = query.where('id', '>', after);
    const rows = await query.execute();
    const last = rows[rows.length - 1];
    if (!last) return;
    yield rows.map((row) => row.body);
    if (rows.length < pageSize) return;
    after = last.id;
  }
}

export async function countReceipts(db: Kysely<Database>, filter: ReceiptFilter): Promise<number> {
  const row = await db
    .selectFrom('receipts')
    .where((eb) => receiptWhere(eb, filter))
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * The export as text chunks, one per page. JSONL lines are the stored signed bodies verbatim,
 * so each line verifies on its own; CSV starts with the BOM and the header row.
 */
export async function* exportChunks(pages: AsyncIterable<string[]>, format: ExportFormat, onPage?: (rows: number) => void): AsyncGenerator<string> {
  if (format === 'csv') yield UTF8_BOM + csvLine(RECEIPT_CSV_COLUMNS);
  for await (const bodies of pages) {
    yield format === 'jsonl'
      ? bodies.map((body) => `${body}\n`).join('')
      : bodies.map((body) => csvLine(receiptCsvCells(JSON.parse(body) as SignedReceipt))).join('');
    onPage?.(bodies.length);
  }
}

/**
 * For Readable.from over exportChunks: each chunk is a page, so the default object-mode buffer
 * (16) could hold 16 pages ahead of a slow client; one is enough to keep the socket busy.
 */
export const EXPORT_STREAM_OPTIONS = { objectMode: true, highWaterMark: 1 } as const;

/**
 * An export without `to` ends when it starts: the count shown as progress and the rows written
 * then describe the same receipts, however much traffic arrives meanwhile.
 */
export function snapshotFilter(filter: ReceiptFilter, now = Date.now()): ReceiptFilter {
  return filter.toMs === undefined ? { ...filter, toMs: now } : filter;
}

export const EXPORT_CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** 'nextmodel-receipts-proj_…-2026-11-01-to-2026-12-01.csv': what and which IST days, `to` exclusive. */
export function exportFilename(format: ExportFormat, filter: ReceiptFilter): string {
  const scope = [filter.teamId, filter.projectId, filter.keyId].filter((s): s is string => s !== undefined).map(safeName);
  const from = filter.fromMs === undefined ? 'start' : istDay(filter.fromMs);
  const to = filter.toMs === undefined ? 'now' : istDay(filter.toMs);
  return `${['nextmodel-receipts', ...scope, from, 'to', to].join('-')}.${format}`;
}

const safeName = (s: string) => s.replace(/[^\w.-]/g, '_');
