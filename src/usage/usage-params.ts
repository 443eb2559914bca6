import { z } from 'zod';
import { IST_OFFSET_MS } from './ist-time.js';

/**
 * Query parameters of the usage endpoints (SPEC §4), shared by HTTP and the CLI so both reject
 * the same input with the same message naming the parameter.
 */

/**
 * ISO 8601 date/time, epoch milliseconds, or a bare date `YYYY-MM-DD` meaning the start of that
 * IST day: usage is billed in Indian days, so `from=2026-11-01&to=2026-12-01` is the IST month.
 * Date.parse alone accepts too much ('1', 'March 7'), so the shapes are checked first.
 */
export function parseInstant(value: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00.000Z`) - IST_OFFSET_MS;
    // Round trip rejects 2026-02-30, which Date.parse would roll over into March.
    return Number.isFinite(ms) && new Date(ms + IST_OFFSET_MS).toISOString().startsWith(value) ? ms : null;
  }
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const instant = z.string().transform((value, ctx): number | undefined => {
  if (value === '') return undefined;
  const ms = parseInstant(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date/time, a date YYYY-MM-DD (an IST day) or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

const id = z.string().min(1).max(64);

const filterShape = {
  from: instant.optional(),
  to: instant.optional(),
  project_id: id.optional(),
  team_id: id.optional(),
  key_id: id.optional(),
};

const fromBeforeTo = (q: { from?: number | undefined; to?: number | undefined }) => q.from === undefined || q.to === undefined || q.from < q.to;
const fromBeforeToIssue = { path: ['to'], message: "must be later than 'from' (the range is [from, to))" };

export const GROUP_BY = ['key', 'project', 'team', 'model', 'provider', 'environment', 'workload', 'serve_mode', 'day'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const usageQuery = z.strictObject({ ...filterShape, group_by: z.enum(GROUP_BY).default('day') }).refine(fromBeforeTo, fromBeforeToIssue);

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportQuery = z.strictObject({ ...filterShape, format: z.enum(EXPORT_FORMATS) }).refine(fromBeforeTo, fromBeforeToIssue);

/** Which receipts a usage query or export covers: created in [fromMs, toMs), and the id filters. */
export interface ReceiptFilter {
  fromMs?: number;
  toMs?: number;
  projectId?: string;
  teamId?: string;
  keyId?: string;
}

export function filterOf(q: { from?: number | undefined; to?: number | undefined; project_id?: string | undefined; team_id?: string | undefined; key_id?: string | undefined }): ReceiptFilter {
  const filter: ReceiptFilter = {};
  if (q.from !== undefined) filter.fromMs = q.from;
  if (q.to !== undefined) filter.toMs = q.to;
  if (q.project_id !== undefined) filter.projectId = q.project_id;
  if (q.team_id !== undefined) filter.teamId = q.team_id;
  if (q.key_id !== undefined) filter.keyId = q.key_id;
  return filter;
}
