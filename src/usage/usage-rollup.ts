import { sql, type Kysely } from 'kysely';
import { hotQuery } from '../db/hot-query.js';
import type { Database, ReceiptsTable } from '../db/schema.js';
import type { UsageDailyTable } from '../db/tables/usage-tables.js';
import { istDayStart } from '../util/ist-periods.js';
import { DAY_MS, IST_OFFSET_MS } from './ist-time.js';

/**
 * Writes to the daily usage rollup (`usage_daily`, migration 0009). Every receipt adds itself in
 * the transaction that inserts it, so the rollup is the receipts summed, exactly, at every commit.
 * Reads are in usage-report.ts and key-overview.ts.
 */

/** The receipt columns a rollup row is made of. */
export type RollupSource = Pick<
  ReceiptsTable,
  | 'created_ms'
  | 'project_id'
  | 'key_id'
  | 'team_id'
  | 'environment'
  | 'workload'
  | 'model_served'
  | 'provider'
  | 'serve_mode'
  | 'status'
  | 'prompt_tokens'
  | 'completion_tokens'
  | 'cached_tokens'
  | 'reasoning_tokens'
  | 'list_cost_uinr'
  | 'discount_uinr'
  | 'charged_uinr'
>;

/** The IST day number of an instant: the `day` column, and what `group_by=day` buckets by. */
export function istDayNumber(ms: number): number {
  return Math.floor((ms + IST_OFFSET_MS) / DAY_MS);
}

/** The primary key of usage_daily, in its declared order. */
const GROUP_COLUMNS = ['project_id', 'day', 'key_id', 'team_id', 'environment', 'workload', 'model_served', 'provider', 'serve_mode'] as const;
const SUM_COLUMNS = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'list_cost_uinr', 'charged_uinr', 'saved_uinr'] as const;

export function rollupRowOf(r: RollupSource): UsageDailyTable {
  return {
    project_id: r.project_id,
    day: istDayNumber(r.created_ms),
    key_id: r.key_id,
    team_id: r.team_id,
    environment: r.environment,
    workload: r.workload ?? '',
    model_served: r.model_served ?? '',
    provider: r.provider ?? '',
    serve_mode: r.serve_mode,
    requests: 1,
    errors: r.status >= 400 ? 1 : 0,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    cached_tokens: r.cached_tokens,
    reasoning_tokens: r.reasoning_tokens,
    list_cost_uinr: r.list_cost_uinr,
    charged_uinr: r.charged_uinr,
    // The exact-cache discount is what a replay saved against its list cost (SPEC §5).
    saved_uinr: r.serve_mode === 'fresh' ? 0 : r.discount_uinr,
  };
}

// Fixed SQL (one upsert per request, see db/hot-query.ts); `excluded` is the row that conflicted.
export const UPSERT_ROLLUP_SQL = `
  insert into usage_daily (${[...GROUP_COLUMNS, ...SUM_COLUMNS].join(', ')}) values (${[...GROUP_COLUMNS, ...SUM_COLUMNS].map(() => '?').join(', ')})
  on conflict (${GROUP_COLUMNS.join(', ')}) do update set ${SUM_COLUMNS.map((c) => `${c} = usage_daily.${c} + excluded.${c}`).join(', ')}`;
const UPSERT_ROLLUP = hotQuery(UPSERT_ROLLUP_SQL);

/** The values UPSERT_ROLLUP_SQL binds, in order, for one receipt. */
export function rollupParams(receipt: RollupSource): unknown[] {
  const row = rollupRowOf(receipt);
  return [...GROUP_COLUMNS, ...SUM_COLUMNS].map((column) => row[column]);
}

/** Adds one receipt to its day's row. Call it in the transaction that inserts the receipt. */
export async function addToUsageRollup(db: Kysely<Database>, receipt: RollupSource): Promise<void> {
  await UPSERT_ROLLUP.run(db, rollupParams(receipt));
}

/**
 * What a team, project or key has been charged from the start of an IST day (a budget period
 * start) on. Read from the rollup, which equals the receipts, so it costs the same however many
 * receipts the period holds.
 */
export async function chargedSinceDayStart(db: Kysely<Database>, column: 'team_id' | 'project_id' | 'key_id', scopeId: string, dayStartMs: number): Promise<number> {
  if (istDayStart(dayStartMs) !== dayStartMs) throw new RangeError(`not the start of an IST day: ${dayStartMs}`);
  const row = await db
    .selectFrom('usage_daily')
    .select(sql<number | string>`coalesce(sum(charged_uinr), 0)`.as('charged'))
    .where(column, '=', scopeId)
    .where('day', '>=', istDayNumber(dayStartMs))
    .executeTakeFirst();
  return Number(row?.charged ?? 0);
}

/**
 * Recomputes the whole rollup from the receipts, in one transaction. For stores whose receipts
 * were written around the gateway (bulk imports, benchmark seeding, tests); the gateway itself
 * never needs it.
 */
export async function rebuildUsageRollup(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('usage_daily').execute();
    await sql`
      INSERT INTO usage_daily (${sql.join([...GROUP_COLUMNS, ...SUM_COLUMNS].map((c) => sql.ref(c)))})
      SELECT project_id, (created_ms + ${sql.lit(IST_OFFSET_MS)}) / ${sql.lit(DAY_MS)}, key_id, team_id, environment,
        coalesce(workload, ''), coalesce(model_served, ''), coalesce(provider, ''), serve_mode,
        count(*), sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END), sum(prompt_tokens), sum(completion_tokens),
        sum(cached_tokens), sum(reasoning_tokens), sum(list_cost_uinr), sum(charged_uinr),
        sum(CASE WHEN serve_mode != 'fresh' THEN discount_uinr ELSE 0 END)
      FROM receipts
      GROUP BY project_id, (created_ms + ${sql.lit(IST_OFFSET_MS)}) / ${sql.lit(DAY_MS)}, key_id, team_id, environment,
        coalesce(workload, ''), coalesce(model_served, ''), coalesce(provider, ''), serve_mode
    `.execute(trx);
  });
}
