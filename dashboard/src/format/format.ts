/**
 * Numbers, money and dates for one locale (en-IN or hi-IN): Indian digit grouping
 * (₹1,23,456.78), India time for dates. Amounts arrive from the API as exact decimal strings of
 * µ-units; they are only rounded here, for display.
 */

export type Locale = 'en-IN' | 'hi-IN';

export interface Formatters {
  locale: Locale;
  /** "123456.780000" → "₹1,23,456.78"; amounts under ₹1 show 4 decimals (₹0.0053), so fractions of a paisa are not shown as ₹0.00. */
  inr(value: string | number | null | undefined): string;
  /** Chart axis ticks: at most 2 decimals, none when whole (₹0.5, ₹2). */
  inrTick(value: number): string;
  usd(value: number | null | undefined, maxDigits?: number): string;
  int(value: number | null | undefined): string;
  pct(ratio: number): string;
  dateTime(iso: string): string;
  /** 'YYYY-MM-DD' (an IST day) → a short local date. */
  day(label: string): string;
  ms(value: number | null | undefined): string;
}

export function inrFractionDigits(value: number): number {
  const abs = Math.abs(value);
  return abs > 0 && abs < 1 ? 4 : 2;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${JSON.stringify(options)}`;
  let nf = cache.get(id);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    cache.set(id, nf);
  }
  return nf;
}

export function createFormatters(locale: Locale): Formatters {
  const dash = '—';
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Kolkata' });
  const dayFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return {
    locale,
    inr(value) {
      if (value === null || value === undefined || value === '') return dash;
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return dash;
      const digits = inrFractionDigits(n);
      return numberFormat(locale, { style: 'currency', currency: 'INR', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
    },
    inrTick(value) {
      return numberFormat(locale, { style: 'currency', currency: 'INR', minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(value);
    },
    usd(value, maxDigits = 4) {
      if (value === null || value === undefined) return dash;
      return numberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: maxDigits }).format(value);
    },
    int(value) {
      if (value === null || value === undefined) return dash;
      return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    },
    pct(ratio) {
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
    },
    dateTime(iso) {
      const ms = Date.parse(iso);
      return Number.isFinite(ms) ? dateTimeFormat.format(ms) : iso;
    },
    day(label) {
      const ms = Date.parse(`${label}T00:00:00Z`);
      return Number.isFinite(ms) ? dayFormat.format(ms) : label;
    },
    ms(value) {
      if (value === null || value === undefined) return dash;
      return numberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(value);
    },
  };
}
