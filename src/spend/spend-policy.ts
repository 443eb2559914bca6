import { z } from 'zod';
import { formatMicro, parseMicro } from '../billing/money.js';

/**
 * Budgets and rate limits as set on teams, projects and keys (SPEC §7), stored as JSON on the
 * row. Amounts arrive as ₹ (decimal strings or numbers) and are kept as integer µINR.
 */

const inr = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d{1,6})?$/, 'must be a decimal amount in ₹ with at most 6 decimals')])
  .transform((v, ctx) => {
    try {
      return parseMicro(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

export const budgetInput = z
  .strictObject({
    daily_inr: inr.nullable().optional(),
    monthly_inr: inr.nullable().optional(),
    mode: z.enum(['hard', 'soft']).default('hard'),
  })
  .nullable();

export const rateLimitInput = z
  .strictObject({
    rpm: z.number().int().positive().max(10_000_000).nullable().optional(),
    tpm: z.number().int().positive().max(10_000_000_000).nullable().optional(),
  })
  .nullable();

export interface Budget {
  dailyUinr: number | null;
  monthlyUinr: number | null;
  mode: 'hard' | 'soft';
}

export interface RateLimit {
  rpm: number | null;
  tpm: number | null;
}

export function budgetToJson(b: z.output<typeof budgetInput>): string | null {
  if (!b || (b.daily_inr == null && b.monthly_inr == null)) return null;
  return JSON.stringify({ daily_uinr: b.daily_inr ?? null, monthly_uinr: b.monthly_inr ?? null, mode: b.mode });
}

export function rateLimitToJson(r: z.output<typeof rateLimitInput>): string | null {
  if (!r || (r.rpm == null && r.tpm == null)) return null;
  return JSON.stringify({ rpm: r.rpm ?? null, tpm: r.tpm ?? null });
}

export function parseBudget(json: string | null): Budget | null {
  if (!json) return null;
  const raw = JSON.parse(json) as { daily_uinr: number | null; monthly_uinr: number | null; mode: 'hard' | 'soft' };
  return { dailyUinr: raw.daily_uinr, monthlyUinr: raw.monthly_uinr, mode: raw.mode };
}

export function parseRateLimit(json: string | null): RateLimit | null {
  if (!json) return null;
  const raw = JSON.parse(json) as { rpm: number | null; tpm: number | null };
  return { rpm: raw.rpm, tpm: raw.tpm };
}

/** The API view: ₹ as decimal strings. */
export function budgetView(json: string | null) {
  const b = parseBudget(json);
  if (!b) return null;
  return {
    daily_inr: b.dailyUinr === null ? null : formatMicro(b.dailyUinr),
    monthly_inr: b.monthlyUinr === null ? null : formatMicro(b.monthlyUinr),
    mode: b.mode,
  };
}

export function rateLimitView(json: string | null) {
  return parseRateLimit(json);
}
