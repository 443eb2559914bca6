import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { budgetedCounters, RECEIPT_SCOPE_COLUMN, type SpendScope } from './spend-scopes.js';

/**
 * The highest share (%) of any budget over these scopes already spent this period; null when
 * there is no budget. Reads the counter, or the receipts when the counter does not exist yet.
 */
export async function budgetUsedPct(db: Kysely<Database>, scopes: readonly SpendScope[], now = Date.now()): Promise<number | null> {
  const counters = budgetedCounters(scopes, now);
  if (counters.length === 0) return null;
  let max = 0;
  for (const c of counters) {
    const row = await db.selectFrom('spend_counters').select('spent_uinr').where('scope_kind', '=', c.scope_kind).where('scope_id', '=', c.scope_id).where('period', '=', c.period).executeTakeFirst();
    let spent = row ? Number(row.spent_uinr) : null;
    if (spent === null) {
      const sum = await db
        .selectFrom('receipts')
        .select(sql<number>`coalesce(sum(charged_uinr), 0)`.as('s'))
        .where(RECEIPT_SCOPE_COLUMN[c.scope_kind], '=', c.scope_id)
        .where('created_ms', '>=', c.fromMs)
        .executeTakeFirst();
      spent = Number(sum?.s ?? 0);
    }
    max = Math.max(max, c.limitUinr === 0 ? 100 : (spent * 100) / c.limitUinr);
  }
  return max;
}
