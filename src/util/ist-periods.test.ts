import { describe, expect, it } from 'vitest';
import { istDay, istDayStart, istMonth, istMonthRange, istMonthStart } from './ist-periods.js';

describe('IST billing periods', () => {
  it('puts 18:29:59Z and 18:30Z on different Indian days', () => {
    expect(istDay(Date.parse('2026-11-30T18:29:59Z'))).toBe('2026-11-30');
    expect(istDay(Date.parse('2026-11-30T18:30:00Z'))).toBe('2026-12-01');
    expect(istMonth(Date.parse('2026-11-30T18:30:00Z'))).toBe('2026-12');
  });
  it('computes day and month starts', () => {
    expect(new Date(istDayStart(Date.parse('2026-11-30T10:00:00Z'))).toISOString()).toBe('2026-11-29T18:30:00.000Z');
    expect(new Date(istMonthStart(Date.parse('2026-12-01T02:00:00Z'))).toISOString()).toBe('2026-11-30T18:30:00.000Z');
    expect(istMonthRange('2026-11').map((ms) => new Date(ms).toISOString())).toEqual(['2026-10-31T18:30:00.000Z', '2026-11-30T18:30:00.000Z']);
    expect(() => istMonthRange('2026-13')).toThrow(RangeError);
  });
});
