import type { Kysely } from 'kysely';
import { formatMicro } from '../billing/money.js';
import type { Database } from '../db/schema.js';
import type { Principal } from '../keys/authenticate.js';
import { budgetView, parseBudget, rateLimitView } from '../spend/spend-policy.js';
import { istDay, istDayStart, istMonth, istMonthStart } from '../util/ist-periods.js';
import { istIso, nextIstDayStart, nextIstMonthStart } from './ist-time.js';
import type { ReceiptFilter } from './usage-params.js';
import { rollupWhere } from './receipt-filter.js';
import { istDayNumber } from './usage-rollup.js';
import { toBigInt, type SqlNumber } from './usage-sums.js';

/**
 * GET /v1/key: what the calling key is, what limits apply to it, and how much of them is spent.
 * Spend is the charged ₹ of settled requests over IST days and months, read from the daily
 * usage rollup (which equals the receipts); a request still in flight is not in it yet.
 */

interface Spend {
  todayUinr: bigint;
  monthUinr: bigint;
}

interface Periods {
  dayStart: number;
  dayEnd: number;
  monthStart: number;
  monthEnd: number;
}

/**
 * Charged this IST month and today, from the daily rollup: both periods are whole IST days, so
 * no receipt needs summing (a month of them took 200 ms at 150k receipts on SQLite).
 */
async function spendOf(db: Kysely<Database>, scope: Pick<ReceiptFilter, 'projectId' | 'teamId' | 'keyId'>, p: Periods): Promise<Spend> {
  const today = istDayNumber(p.dayStart);
  const row = await db
    .selectFrom('usage_daily')
    .where((eb) => rollupWhere(eb, scope, { fromDay: istDayNumber(p.monthStart), toDay: istDayNumber(p.monthEnd) }))
    .select((eb) => [
      eb.fn.sum<SqlNumber>(eb.case().when('day', '=', today).then(eb.ref('charged_uinr')).else(eb.lit(0)).end()).as('today'),
      eb.fn.sum<SqlNumber>('charged_uinr').as('month'),
    ])
    .executeTakeFirst();
  return { todayUinr: toBigInt(row?.today ?? null), monthUinr: toBigInt(row?.month ?? null) };
}

const spendView = (s: Spend) => ({ today_inr: formatMicro(s.todayUinr), month_inr: formatMicro(s.monthUinr) });

/** Cap − spent, never negative (a soft budget can be overspent); null where there is no cap. */
function budgetLeft(budgetJson: string | null, spend: Spend) {
  const budget = parseBudget(budgetJson);
  if (!budget) return null;
  const left = (cap: number | null, spent: bigint) => (cap === null ? null : formatMicro(BigInt(cap) > spent ? BigInt(cap) - spent : 0n));
  return { daily_inr: left(budget.dailyUinr, spend.todayUinr), monthly_inr: left(budget.monthlyUinr, spend.monthUinr), mode: budget.mode };
}

export async function keyOverview(db: Kysely<Database>, principal: Principal, now = Date.now()) {
  const { key } = principal;
  const base = { object: 'key' as const, id: key.id, kind: key.kind, name: key.name, display: key.prefix, created: new Date(Number(key.created_ms)).toISOString() };
  // An admin key manages the gateway; it has no project, team, budget or spend of its own.
  if (principal.kind === 'admin') return base;

  const { project } = principal;
  const team = await db.selectFrom('teams').select(['id', 'name', 'budget_json', 'rate_limit_json']).where('id', '=', project.team_id).executeTakeFirst();
  // Bounded on both sides: a receipt stamped later (another replica's clock) is not "today" yet.
  const periods: Periods = { dayStart: istDayStart(now), dayEnd: nextIstDayStart(now), monthStart: istMonthStart(now), monthEnd: nextIstMonthStart(now) };
  const [keySpend, projectSpend, teamSpend] = await Promise.all([
    // A key's rows are all in its project: naming the project lets the rollup's primary key (project_id, day, key_id, …) serve the key's sum.
    spendOf(db, { projectId: project.id, keyId: key.id }, periods),
    spendOf(db, { projectId: project.id }, periods),
    spendOf(db, { teamId: project.team_id }, periods),
  ]);
  const teamBudget = team?.budget_json ?? null;
  return {
    ...base,
    environment: key.environment,
    workload: key.workload,
    project: { id: project.id, name: project.name },
    team: { id: project.team_id, name: team?.name ?? null },
    rate_limits: { key: rateLimitView(key.rate_limit_json), project: rateLimitView(project.rate_limit_json), team: rateLimitView(team?.rate_limit_json ?? null) },
    budgets: { key: budgetView(key.budget_json), project: budgetView(project.budget_json), team: budgetView(teamBudget) },
    spend: { key: spendView(keySpend), project: spendView(projectSpend), team: spendView(teamSpend) },
    budget_left: {
      key: budgetLeft(key.budget_json, keySpend),
      project: budgetLeft(project.budget_json, projectSpend),
      team: budgetLeft(teamBudget, teamSpend),
    },
    period: { time_zone: 'Asia/Kolkata', today: istDay(now), month: istMonth(now) },
    limit_reset: { daily: istIso(periods.dayEnd), monthly: istIso(periods.monthEnd) },
  };
}

export type KeyOverview = Awaited<ReturnType<typeof keyOverview>>;
