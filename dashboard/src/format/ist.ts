/** India Standard Time calendar helpers: the usage API buckets days and months in IST. */

const IST_OFFSET_MS = 19_800_000;
const DAY_MS = 86_400_000;

/** Today's IST date as 'YYYY-MM-DD'. */
export function istToday(now = Date.now()): string {
  return new Date(now + IST_OFFSET_MS).toISOString().slice(0, 10);
}

export function istMonthStart(now = Date.now()): string {
  return `${istToday(now).slice(0, 8)}01`;
}

/** 'YYYY-MM-DD' ± n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** An IST day 'YYYY-MM-DD' → the ISO instant it starts at. */
export function istDayStartIso(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - IST_OFFSET_MS).toISOString();
}
