import { istDayStart, istMonthStart } from '../util/ist-periods.js';

/** India Standard Time helpers for usage output; periods themselves live in util/ist-periods. */

export const IST_OFFSET_MS = 19_800_000;
export const DAY_MS = 86_400_000;

/** 1764527400000 → '2025-12-01T00:00:00+05:30': an instant as IST wall-clock time, ISO 8601. */
export function istIso(ms: number): string {
  return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** When the IST day containing `ms` ends (= when daily budgets reset). */
export function nextIstDayStart(ms: number): number {
  return istDayStart(ms) + DAY_MS;
}

/** When the IST month containing `ms` ends (= when monthly budgets reset). */
export function nextIstMonthStart(ms: number): number {
  // 32 days after any month start lands inside the next month.
  return istMonthStart(istMonthStart(ms) + 32 * DAY_MS);
}

/** An IST day number (days since 1970-01-01 IST, as the usage query buckets them) → 'YYYY-MM-DD'. */
export function istDayLabel(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}
