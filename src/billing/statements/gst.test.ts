import { describe, expect, it } from 'vitest';
import { computeGst, roundToPaise } from './gst.js';

const supplier = { rate_pct: 18, supplier_gstin: '29AAACN1234F1Z5', supplier_state_code: '29' };
const paise = (p: number) => BigInt(p) * 10_000n;

describe('roundToPaise', () => {
  it('rounds µINR half-up to whole paise', () => {
    expect(roundToPaise(0n)).toBe(0n);
    expect(roundToPaise(4_999n)).toBe(0n);
    expect(roundToPaise(5_000n)).toBe(10_000n);
    expect(roundToPaise(123_456_785_000n)).toBe(123_456_790_000n);
  });
});

describe('computeGst', () => {
  it('same state: CGST + SGST at half the rate each', () => {
    // ₹1,000.00 taxable.
    const gst = computeGst(paise(100_000), supplier, { gstin: '29ABCDE1234F1Z5', state_code: '29' });
    expect(gst.supply).toBe('intra_state');
    expect(gst.place_of_supply).toEqual({ state_code: '29', state_name: 'Karnataka' });
    expect(gst.taxes).toEqual([
      { head: 'CGST', rate_pct: '9', amount_uinr: 90_000_000 },
      { head: 'SGST', rate_pct: '9', amount_uinr: 90_000_000 },
    ]);
    expect(gst.tax_uinr).toBe(180_000_000);
  });

  it('other state: IGST at the full rate, same total tax', () => {
    const gst = computeGst(paise(100_000), supplier, { gstin: null, state_code: '27' });
    expect(gst.supply).toBe('inter_state');
    expect(gst.place_of_supply).toEqual({ state_code: '27', state_name: 'Maharashtra' });
    expect(gst.taxes).toEqual([{ head: 'IGST', rate_pct: '18', amount_uinr: 180_000_000 }]);
    expect(gst.notes).toEqual([]);
  });

  it('no state on record: IGST and says the place of supply is unknown', () => {
    const gst = computeGst(paise(1000), supplier, { gstin: null, state_code: null });
    expect(gst.place_of_supply).toBeNull();
    expect(gst.taxes.map((t) => t.head)).toEqual(['IGST']);
    expect(gst.notes.join(' ')).toContain('Place of supply unknown');
  });

  it('tax once on the subtotal, rounded half-up; an odd paisa goes to CGST so the heads sum exactly', () => {
    // ₹0.05 × 18% = 0.9 paise → 1 paisa; split 1 + 0.
    const odd = computeGst(paise(5), supplier, { gstin: null, state_code: '29' });
    expect(odd.tax_uinr).toBe(10_000);
    expect(odd.taxes.map((t) => t.amount_uinr)).toEqual([10_000, 0]);
    // ₹1,234.57 × 18% = 222.2226 → ₹222.22; 11111 + 11111 paise.
    const even = computeGst(paise(123_457), supplier, { gstin: null, state_code: '29' });
    expect(even.tax_uinr).toBe(222_220_000);
    expect(even.taxes.reduce((s, t) => s + t.amount_uinr, 0)).toBe(even.tax_uinr);
    // 0.5 paise rounds up: ₹0.25 × 18% = 4.5 paise → 5.
    expect(computeGst(paise(25), supplier, { gstin: null, state_code: '07' }).tax_uinr).toBe(50_000);
  });

  it('refuses an unrounded taxable value', () => {
    expect(() => computeGst(12_345n, supplier, { gstin: null, state_code: '29' })).toThrow(RangeError);
  });

  it('uses the GSTIN state for a registered team, UTGST in a union territory, and supplier state from its GSTIN', () => {
    const mismatch = computeGst(paise(100), supplier, { gstin: '29ABCDE1234F1Z5', state_code: '27' });
    expect(mismatch.supply).toBe('intra_state');
    expect(mismatch.notes.join(' ')).toContain('differs');
    const ut = computeGst(paise(100), { rate_pct: 18, supplier_gstin: '04AAACN1234F1Z5', supplier_state_code: null }, { gstin: null, state_code: '04' });
    expect(ut.taxes.map((t) => t.head)).toEqual(['CGST', 'UTGST']);
    const noSupplier = computeGst(paise(100), { rate_pct: 18, supplier_gstin: null, supplier_state_code: null }, { gstin: null, state_code: '29' });
    expect(noSupplier.supply).toBe('inter_state');
    expect(noSupplier.notes.join(' ')).toContain('Supplier state not configured');
  });

  it('handles a fractional rate', () => {
    const gst = computeGst(paise(10_000), { ...supplier, rate_pct: 12.5 }, { gstin: null, state_code: '29' });
    expect(gst.taxes.map((t) => t.rate_pct)).toEqual(['6.25', '6.25']);
    expect(gst.tax_uinr).toBe(12_500_000);
  });
});
