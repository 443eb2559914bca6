import { describe, expect, it } from 'vitest';
import { financialYearOf, formatInvoiceNumber } from './invoice-number.js';

describe('financialYearOf', () => {
  it('runs April to March by the IST date', () => {
    // 31 Mar 2027 23:59 IST = 31 Mar 18:29 UTC; 1 Apr 2027 00:01 IST = 31 Mar 18:31 UTC.
    expect(financialYearOf(Date.parse('2027-03-31T18:29:00Z'))).toEqual({ label: '2026-27', code: '2627' });
    expect(financialYearOf(Date.parse('2027-03-31T18:31:00Z'))).toEqual({ label: '2027-28', code: '2728' });
    expect(financialYearOf(Date.parse('2099-06-01T00:00:00Z'))).toEqual({ label: '2099-00', code: '9900' });
  });
});

describe('formatInvoiceNumber', () => {
  it('is NM/<fy>/<serial>, at most 16 characters of A-Z 0-9 / -', () => {
    const fy = { label: '2026-27', code: '2627' };
    expect(formatInvoiceNumber(fy, 1)).toBe('NM/2627/000001');
    expect(formatInvoiceNumber(fy, 99_999_999)).toBe('NM/2627/99999999');
    expect(formatInvoiceNumber(fy, 99_999_999).length).toBe(16);
    expect(() => formatInvoiceNumber(fy, 100_000_000)).toThrow(RangeError);
    expect(() => formatInvoiceNumber(fy, 0)).toThrow(RangeError);
  });
});
