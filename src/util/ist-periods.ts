/**
 * Billing periods in India Standard Time (UTC+05:30, no daylight saving): a team's "today" and
 * "this month" are Indian days and months, whatever the server's time zone.
 */
const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11-30' — the IST calendar day of an instant. */
export function istDay(ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** '2026-11' — the IST calendar month of an instant. */
export function istMonth(ms: number): string {
  return istDay(ms).slice(0, 7);
}

/** Epoch ms at which the IST day containing `ms` starts. */
export function istDayStart(ms: number): number {
  const shifted = ms + IST_OFFSET_MS;
  return shifted - (shifted % 86_400_000) - IST_OFFSET_MS;
}

/** Epoch ms at which the IST month containing `ms` starts. */
export function istMonthStart(ms: number): number {
  const d = new Date(ms + IST_OFFSET_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - IST_OFFSET_MS;
}

/** [start, end) epoch ms of an IST month given as 'YYYY-MM'. */
export function istMonthRange(month: string): [number, number] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  if (m < 1 || m > 12) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return [Date.UTC(year, m - 1, 1) - IST_OFFSET_MS, Date.UTC(year, m, 1) - IST_OFFSET_MS];
}
