import { istDay } from '../../util/ist-periods.js';

/**
 * Invoice serials (CGST Rule 46(b)): at most 16 characters of A–Z, 0–9, "/" and "-", consecutive
 * and unique within an Indian financial year (April–March). Ours: `NM/<yyYY>/<serial>`, e.g.
 * `NM/2627/000001` (14 chars) for the first invoice of FY 2026-27; the serial widens past
 * 999999 and stays within 16 characters up to 99,999,999.
 */

export const INVOICE_PREFIX = 'NM';

export interface FinancialYear {
  /** '2026-27'. */
  label: string;
  /** '2627', as used in invoice numbers. */
  code: string;
}

/** The financial year of an instant, by its IST date. */
export function financialYearOf(ms: number): FinancialYear {
  const [y, m] = istDay(ms).split('-').map(Number) as [number, number];
  const start = m >= 4 ? y : y - 1;
  const two = (n: number) => String(n % 100).padStart(2, '0');
  return { label: `${start}-${two(start + 1)}`, code: `${two(start)}${two(start + 1)}` };
}

export function formatInvoiceNumber(fy: FinancialYear, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1) throw new RangeError(`invoice serial must be a positive integer: ${serial}`);
  const number = `${INVOICE_PREFIX}/${fy.code}/${String(serial).padStart(6, '0')}`;
  if (number.length > 16 || !/^[A-Z0-9/-]+$/.test(number)) throw new RangeError(`invoice number ${number} breaks CGST Rule 46(b) (≤16 chars of A-Z 0-9 / -)`);
  return number;
}
