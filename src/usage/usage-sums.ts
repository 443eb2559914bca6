import type { ExpressionBuilder } from 'kysely';
import { formatMicro } from '../billing/money.js';
import type { Database } from '../db/schema.js';

/**
 * The sums behind every usage row, computed in SQL over integer columns (µINR, tokens), never
 * over floats. Drivers return them differently (SQLite: number; PostgreSQL: SUM(bigint) is
 * numeric, returned as a string), so each is read back through BigInt.
 */

export type SqlNumber = number | string | bigint | null;

/** The aggregate select list; `status >= 400` counts as an error (failures get a receipt too). */
export function sumSelections(eb: ExpressionBuilder<Database, 'receipts'>) {
  // Literals, not bound parameters: PostgreSQL cannot type a CASE whose branches are all parameters.
  const zero = eb.lit(0);
  return [
    eb.fn.countAll<number | string | bigint>().as('requests'),
    eb.fn.sum<SqlNumber>(eb.case().when('status', '>=', 400).then(eb.lit(1)).else(zero).end()).as('errors'),
    eb.fn.sum<SqlNumber>('prompt_tokens').as('prompt_tokens'),
    eb.fn.sum<SqlNumber>('completion_tokens').as('completion_tokens'),
    eb.fn.sum<SqlNumber>('cached_tokens').as('cached_tokens'),
    eb.fn.sum<SqlNumber>('reasoning_tokens').as('reasoning_tokens'),
    eb.fn.sum<SqlNumber>('list_cost_uinr').as('list_cost_uinr'),
    eb.fn.sum<SqlNumber>('charged_uinr').as('charged_uinr'),
    // The exact-cache discount is what a replay saved against its list cost (SPEC §5).
    eb.fn.sum<SqlNumber>(eb.case().when('serve_mode', '!=', 'fresh').then(eb.ref('discount_uinr')).else(zero).end()).as('saved_uinr'),
  ] as const;
}

/** The same select list over the daily rollup (`usage_daily`), whose columns are already sums. */
export function rollupSumSelections(eb: ExpressionBuilder<Database, 'usage_daily'>) {
  return [
    eb.fn.sum<SqlNumber>('requests').as('requests'),
    eb.fn.sum<SqlNumber>('errors').as('errors'),
    eb.fn.sum<SqlNumber>('prompt_tokens').as('prompt_tokens'),
    eb.fn.sum<SqlNumber>('completion_tokens').as('completion_tokens'),
    eb.fn.sum<SqlNumber>('cached_tokens').as('cached_tokens'),
    eb.fn.sum<SqlNumber>('reasoning_tokens').as('reasoning_tokens'),
    eb.fn.sum<SqlNumber>('list_cost_uinr').as('list_cost_uinr'),
    eb.fn.sum<SqlNumber>('charged_uinr').as('charged_uinr'),
    eb.fn.sum<SqlNumber>('saved_uinr').as('saved_uinr'),
  ] as const;
}

export interface SumsRow {
  requests: SqlNumber;
  errors: SqlNumber;
  prompt_tokens: SqlNumber;
  completion_tokens: SqlNumber;
  cached_tokens: SqlNumber;
  reasoning_tokens: SqlNumber;
  list_cost_uinr: SqlNumber;
  charged_uinr: SqlNumber;
  saved_uinr: SqlNumber;
}

export interface UsageSums {
  requests: bigint;
  errors: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  cachedTokens: bigint;
  reasoningTokens: bigint;
  listCostUinr: bigint;
  chargedUinr: bigint;
  savedUinr: bigint;
}

/** SUM over no rows is NULL; an integer column summed is an integer in every driver we use. */
export function toBigInt(value: SqlNumber): bigint {
  if (value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`usage sum is not a safe integer: ${value}`);
    return BigInt(value);
  }
  return BigInt(value);
}

export function readSums(row: SumsRow): UsageSums {
  return {
    requests: toBigInt(row.requests),
    errors: toBigInt(row.errors),
    promptTokens: toBigInt(row.prompt_tokens),
    completionTokens: toBigInt(row.completion_tokens),
    cachedTokens: toBigInt(row.cached_tokens),
    reasoningTokens: toBigInt(row.reasoning_tokens),
    listCostUinr: toBigInt(row.list_cost_uinr),
    chargedUinr: toBigInt(row.charged_uinr),
    savedUinr: toBigInt(row.saved_uinr),
  };
}

export const ZERO_SUMS: UsageSums = readSums({
  requests: 0,
  errors: 0,
  prompt_tokens: 0,
  completion_tokens: 0,
  cached_tokens: 0,
  reasoning_tokens: 0,
  list_cost_uinr: 0,
  charged_uinr: 0,
  saved_uinr: 0,
});

export function addSums(a: UsageSums, b: UsageSums): UsageSums {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    listCostUinr: a.listCostUinr + b.listCostUinr,
    chargedUinr: a.chargedUinr + b.chargedUinr,
    savedUinr: a.savedUinr + b.savedUinr,
  };
}

/** The API view: counts as JSON numbers, money as decimal strings of the µINR sums. */
export function sumsView(s: UsageSums) {
  return {
    requests: Number(s.requests),
    errors: Number(s.errors),
    prompt_tokens: Number(s.promptTokens),
    completion_tokens: Number(s.completionTokens),
    cached_tokens: Number(s.cachedTokens),
    reasoning_tokens: Number(s.reasoningTokens),
    list_cost_inr: formatMicro(s.listCostUinr),
    charged_inr: formatMicro(s.chargedUinr),
    saved_by_cache_inr: formatMicro(s.savedUinr),
  };
}

export type SumsView = ReturnType<typeof sumsView>;
