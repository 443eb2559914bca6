import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Reads a receipts export (GET /v1/usage/export?format=jsonl|csv, or `nextmodel receipts export`):
 * one receipt per line, or CSV with a header row naming receipt fields (src/billing/receipt.ts).
 * Tolerant: only the fields the workload estimate needs are required; the rest are ignored.
 */

const money = z.union([z.string(), z.number()]).transform((v) => String(v).trim() || '0');
export const receiptRowSchema = z.object({
  created: z.string().min(1),
  project_id: z.string().min(1),
  request_hash: z.string().nullable().optional().transform((v) => (v === '' || v === undefined ? null : v)),
  serve_mode: z.string(),
  status: z.coerce.number().int(),
  finish_reason: z.string().nullable().optional().transform((v) => (v === '' || v === undefined ? null : v)),
  list_cost_inr: money,
  charged_inr: money,
});
export type ReceiptRow = z.infer<typeof receiptRowSchema>;

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function records(text: string): Array<Record<string, unknown>> {
  if (text.trimStart().startsWith('{')) {
    return text.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${i + 1} is not JSON`);
      }
    });
  }
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}

export function readReceipts(path: string): ReceiptRow[] {
  const text = readFileSync(path, 'utf8');
  return records(text).map((rec, i) => {
    const parsed = receiptRowSchema.safeParse(rec);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${path}: record ${i + 1}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
  });
}
