import { istDayStart } from '../util/ist-periods.js';
import { DAY_MS } from './ist-time.js';
import { istDayNumber } from './usage-rollup.js';
import type { ReceiptFilter } from './usage-params.js';

/**
 * A usage range [from, to) split into the whole IST days inside it, which the daily rollup
 * answers, and the partial days at its ends, which only the receipts can answer. A range inside
 * one day is all edge. Unbounded ends are whole days all the way.
 */
export interface UsageSplit {
  /** IST day numbers [fromDay, toDay) read from the rollup; null when no whole day is inside. Missing ends are unbounded. */
  wholeDays: { fromDay?: number; toDay?: number } | null;
  /** Millisecond ranges read from the receipts. */
  edges: Array<{ fromMs: number; toMs: number }>;
}

export function splitByWholeDays(filter: Pick<ReceiptFilter, 'fromMs' | 'toMs'>): UsageSplit {
  const { fromMs, toMs } = filter;
  // The first day boundary at or after `from`, and the last at or before `to`.
  const firstBoundary = fromMs === undefined ? undefined : istDayStart(fromMs) === fromMs ? fromMs : istDayStart(fromMs) + DAY_MS;
  const lastBoundary = toMs === undefined ? undefined : istDayStart(toMs);
  if (fromMs !== undefined && toMs !== undefined && firstBoundary !== undefined && lastBoundary !== undefined && firstBoundary >= lastBoundary) {
    return { wholeDays: null, edges: fromMs < toMs ? [{ fromMs, toMs }] : [] };
  }
  const wholeDays: { fromDay?: number; toDay?: number } = {};
  const edges: UsageSplit['edges'] = [];
  if (fromMs !== undefined && firstBoundary !== undefined) {
    wholeDays.fromDay = istDayNumber(firstBoundary);
    if (fromMs < firstBoundary) edges.push({ fromMs, toMs: firstBoundary });
  }
  if (toMs !== undefined && lastBoundary !== undefined) {
    wholeDays.toDay = istDayNumber(lastBoundary);
    if (lastBoundary < toMs) edges.push({ fromMs: lastBoundary, toMs });
  }
  return { wholeDays, edges };
}
