import { istDay, istDayStart, istMonth, istMonthStart } from '../util/ist-periods.js';
import type { Budget } from './spend-policy.js';

/**
 * The scopes a request spends against — its key, project and team — each with the budget set on
 * it, and the IST day/month counters a budget limits.
 */

export type ScopeKind = 'team' | 'project' | 'key';

export interface SpendScope {
  kind: ScopeKind;
  id: string;
  budget: Budget | null;
}

export interface CounterRef {
  scope_kind: ScopeKind;
  scope_id: string;
  period: string;
}

export interface BudgetedCounter extends CounterRef {
  limitUinr: number;
  mode: 'hard' | 'soft';
  /** [start, end) of the period, epoch ms, to initialise the counter from receipts. */
  fromMs: number;
}

export function dayPeriod(now: number): string {
  return `d:${istDay(now)}`;
}

export function monthPeriod(now: number): string {
  return `m:${istMonth(now)}`;
}

/** Every counter some budget on these scopes limits, at time `now`. */
export function budgetedCounters(scopes: readonly SpendScope[], now: number): BudgetedCounter[] {
  const out: BudgetedCounter[] = [];
  for (const scope of scopes) {
    const b = scope.budget;
    if (!b) continue;
    if (b.dailyUinr !== null) out.push({ scope_kind: scope.kind, scope_id: scope.id, period: dayPeriod(now), limitUinr: b.dailyUinr, mode: b.mode, fromMs: istDayStart(now) });
    if (b.monthlyUinr !== null) out.push({ scope_kind: scope.kind, scope_id: scope.id, period: monthPeriod(now), limitUinr: b.monthlyUinr, mode: b.mode, fromMs: istMonthStart(now) });
  }
  return out;
}

export const RECEIPT_SCOPE_COLUMN = { team: 'team_id', project: 'project_id', key: 'key_id' } as const;
