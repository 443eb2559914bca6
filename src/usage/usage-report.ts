import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { istDayLabel } from './ist-time.js';
import { receiptWhere, rollupWhere } from './receipt-filter.js';
import type { GroupBy, ReceiptFilter } from './usage-params.js';
import { splitByWholeDays } from './usage-periods.js';
import { addSums, readSums, rollupSumSelections, sumSelections, sumsView, ZERO_SUMS, type SumsRow, type UsageSums } from './usage-sums.js';

/** GET /v1/usage and `nextmodel usage`: receipts summed per group, plus totals. */

type GroupColumn = 'key_id' | 'project_id' | 'team_id' | 'model_served' | 'provider' | 'environment' | 'workload' | 'serve_mode';

const GROUP_COLUMN: Record<Exclude<GroupBy, 'day'>, GroupColumn> = {
  key: 'key_id',
  project: 'project_id',
  team: 'team_id',
  model: 'model_served',
  provider: 'provider',
  environment: 'environment',
  workload: 'workload',
  serve_mode: 'serve_mode',
};

/**
 * The SQL that names a row's group. `day` is the IST calendar day as a day number: integer
 * division works the same in SQLite and PostgreSQL (created_ms is a positive integer, so it
 * floors). Written without bound parameters so that PostgreSQL sees the SELECT and GROUP BY
 * expressions as the same expression.
 */
function groupExpression(groupBy: GroupBy): RawBuilder<string | number | null> {
  if (groupBy === 'day') return sql<number>`((${sql.ref('created_ms')} + 19800000) / 86400000)`;
  return sql<string | null>`${sql.ref(GROUP_COLUMN[groupBy])}`;
}

export interface UsageRow {
  /** The group's value: an id, label or model, 'YYYY-MM-DD' for `day`; null where the receipt has none (e.g. no model was served). */
  group: string | null;
  /** Display name of a key, project or team. */
  name?: string | null;
  sums: UsageSums;
}

/**
 * Usage per group over [from, to): whole IST days from the daily rollup, partial days at the ends
 * from the receipts, merged by group. The rollup keeps a long range as cheap as a short one; a
 * month of receipts summed per call blocked SQLite's event loop for hundreds of ms.
 */
export async function usageRows(db: Kysely<Database>, groupBy: GroupBy, filter: ReceiptFilter): Promise<UsageRow[]> {
  const split = splitByWholeDays(filter);
  const parts = await Promise.all([
    split.wholeDays ? rollupGroups(db, groupBy, filter, split.wholeDays) : [],
    ...split.edges.map((edge) => receiptGroups(db, groupBy, { ...filter, ...edge })),
  ]);
  const merged = new Map<string | null, UsageSums>();
  for (const part of parts) {
    for (const row of part) {
      const seen = merged.get(row.group);
      merged.set(row.group, seen ? addSums(seen, row.sums) : row.sums);
    }
  }
  const out: UsageRow[] = [...merged].map(([group, sums]) => ({ group, sums }));
  if (groupBy === 'key' || groupBy === 'project' || groupBy === 'team') {
    const names = await namesOf(db, groupBy, out.map((r) => r.group).filter((g): g is string => g !== null));
    for (const row of out) row.name = row.group === null ? null : (names.get(row.group) ?? null);
  }
  return out.sort(groupBy === 'day' ? byGroup : byCharged);
}

/** Groups summed from the receipts themselves: for the partial days at a range's ends. */
async function receiptGroups(db: Kysely<Database>, groupBy: GroupBy, filter: ReceiptFilter): Promise<UsageRow[]> {
  const group = groupExpression(groupBy);
  const rows = await db
    .selectFrom('receipts')
    .where((eb) => receiptWhere(eb, filter))
    .select((eb) => [group.as('group_key'), ...sumSelections(eb)])
    .groupBy(group)
    .execute();
  return rows.map((row) => ({ group: groupLabel(groupBy, row.group_key), sums: readSums(row as SumsRow) }));
}

/** Groups summed from the daily rollup over whole IST days. '' in the rollup is a NULL in the receipts. */
async function rollupGroups(db: Kysely<Database>, groupBy: GroupBy, filter: ReceiptFilter, days: { fromDay?: number; toDay?: number }): Promise<UsageRow[]> {
  const column = groupBy === 'day' ? 'day' : GROUP_COLUMN[groupBy];
  const rows = await db
    .selectFrom('usage_daily')
    .where((eb) => rollupWhere(eb, filter, days))
    .select((eb) => [eb.ref(column).as('group_key'), ...rollupSumSelections(eb)])
    .groupBy(column)
    .execute();
  return rows.map((row) => {
    const key = row.group_key as string | number;
    return { group: groupLabel(groupBy, key === '' ? null : key), sums: readSums(row as SumsRow) };
  });
}

function groupLabel(groupBy: GroupBy, value: string | number | null): string | null {
  if (value === null) return null;
  return groupBy === 'day' ? istDayLabel(Number(value)) : String(value);
}

const byGroup = (a: UsageRow, b: UsageRow) => (a.group ?? '\uffff').localeCompare(b.group ?? '\uffff');
const byCharged = (a: UsageRow, b: UsageRow) =>
  a.sums.chargedUinr !== b.sums.chargedUinr
    ? (a.sums.chargedUinr > b.sums.chargedUinr ? -1 : 1)
    : a.sums.requests !== b.sums.requests
      ? (a.sums.requests > b.sums.requests ? -1 : 1)
      : byGroup(a, b);

/** Names for the ids in a key/project/team grouping, including deleted projects and teams (their spend still counts). */
async function namesOf(db: Kysely<Database>, groupBy: 'key' | 'project' | 'team', ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const table = groupBy === 'key' ? 'api_keys' : groupBy === 'project' ? 'projects' : 'teams';
  // Bounded IN lists: far below SQLite's and PostgreSQL's bound-parameter limits.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

/** Totals are the exact sum of the groups (one snapshot: rows and totals cannot disagree). */
export function totalOf(rows: UsageRow[]): UsageSums {
  return rows.reduce((total, row) => addSums(total, row.sums), ZERO_SUMS);
}

export interface UsageReportQuery {
  groupBy: GroupBy;
  filter: ReceiptFilter;
}

/** The response body of GET /v1/usage (also `nextmodel usage --json`). */
export async function usageReport(db: Kysely<Database>, q: UsageReportQuery) {
  const rows = await usageRows(db, q.groupBy, q.filter);
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    object: 'usage' as const,
    group_by: q.groupBy,
    from: iso(q.filter.fromMs),
    to: iso(q.filter.toMs),
    filters: { project_id: q.filter.projectId ?? null, team_id: q.filter.teamId ?? null, key_id: q.filter.keyId ?? null },
    currency: 'INR' as const,
    data: rows.map((row) => ({ group: row.group, ...(row.name === undefined ? {} : { name: row.name }), ...sumsView(row.sums) })),
    totals: sumsView(totalOf(rows)),
  };
}

export type UsageReport = Awaited<ReturnType<typeof usageReport>>;
