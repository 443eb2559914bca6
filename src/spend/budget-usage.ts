import type { Kysely } from 'kysely';
import { chargedSinceDayStart } from '../usage/usage-rollup.js';
import type { Database } from '../db/schema.js';
import { budgetedCounters, RECEIPT_SCOPE_COLUMN, type SpendScope } from './spend-scopes.js';

/**
 * The highest share (%) of any budget over these scopes already spent this period; null when
 * there is no budget. Reads the counter, or the daily usage rollup when the counter does not exist yet.
 */
export async function budgetUsedPct(db: Kysely<Database>, scopes: readonly SpendScope[], now = Date.now()): Promise<number | null> {
  const counters = budgetedCounters(scopes, now);
  if (counters.length === 0) return null;
  let max = 0;
  for (const c of counters) {
    const row = await db.selectFrom('spend_counters').select('spent_uinr').where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirst();
    let spent = row ? Number(row.spent_uinr) : null;
    if (spent === null) {
      spent = await chargedSinceDayStart(db, RECEIPT_SCOPE_COLUMN[c.scope_kind], c.scope_id, c.fromMs);
    }
    max = Math.max(max, c.limitUinr === 0 ? 100 : (spent * 100) / c.limitUinr);
  }
  return max;
}
