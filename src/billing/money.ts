/**
 * Money is integer micro-units (µINR, µUSD) everywhere; decimal strings only at the edges.
 * Never sum floats.
 */

export const MICRO = 1_000_000n;

/** 2640 → "0.002640" (six decimals, the stored precision). */
export function formatMicro(micro: number | bigint): string {
  const value = BigInt(micro);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / MICRO;
  const frac = (abs % MICRO).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** "12.5" | 12.5 → 12_500_000. Rejects more than six decimals rather than rounding silently. */
export function parseMicro(amount: string | number): number {
  const text = typeof amount === 'number' ? amountToText(amount) : amount.trim();
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new RangeError(`not a non-negative amount with at most 6 decimals: ${String(amount)}`);
  const micro = BigInt(match[1] as string) * MICRO + BigInt((match[2] ?? '').padEnd(6, '0'));
  if (micro > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount too large: ${String(amount)}`);
  return Number(micro);
}

function amountToText(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`not a non-negative amount: ${n}`);
  // toFixed(6) then trim: 0.1 → "0.100000"; avoids exponent notation for small values.
  return n.toFixed(6);
}

/** Decimal number (price, rate, percent) → integer scaled by 10^6, rounded half away from zero. */
export function toMicroScaled(n: number): bigint {
  return BigInt(Math.round(n * 1_000_000));
}

/** a × b / d with round-half-up, all BigInt (a, b ≥ 0). */
export function mulDivRound(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b * 2n + d) / (2n * d);
}

/** ₹ with Indian digit grouping: 123456.78 → "₹1,23,456.78". */
export function formatInr(micro: number | bigint, locale = 'en-IN'): string {
  const paise = Number(mulDivRound(BigInt(micro), 1n, 10_000n));
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'INR' }).format(paise / 100);
}
