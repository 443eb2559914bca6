import { z } from 'zod';
import { CliError } from './cli-support.js';

/**
 * The same field rules the admin API applies (src/http/routes/admin-tenancy.ts), so the CLI cannot
 * store what the API would refuse (a bad GSTIN or state code breaks the GST split on statements).
 * TODO: share one schema module once admin-tenancy.ts exports its schemas.
 */
export const label = z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 characters of letters, digits, _ . : -');
export const name = z.string().trim().min(1).max(200);
export const gstin = z.string().regex(/^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, 'must be a 15-character GSTIN');
export const stateCode = z.string().regex(/^\d{2}$/, 'must be a two-digit GST state code');

/** Parses one CLI value; a bad one is a usage error (exit 2) naming the flag. */
export function parseFlag<T>(schema: z.ZodType<T>, flag: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(`${flag}: ${result.error.issues[0]?.message ?? 'invalid value'}`, 2);
  return result.data;
}
