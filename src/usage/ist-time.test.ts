import { describe, expect, it } from 'vitest';
import { istDayLabel, istIso, nextIstDayStart, nextIstMonthStart } from './ist-time.js';

const at = (iso: string) => Date.parse(iso);

describe('IST output helpers', () => {
  it('istIso writes the IST wall clock with its offset', () => {
    expect(istIso(at('2026-11-30T18:30:00.000Z'))).toBe('2026-12-01T00:00:00+05:30');
    expect(istIso(at('2026-06-15T06:29:59.999Z'))).toBe('2026-06-15T11:59:59+05:30');
  });

  it.each([
    ['2026-11-30T18:29:59.999Z', '2026-11-30T18:30:00.000Z'],
    ['2026-11-30T18:30:00.000Z', '2026-12-01T18:30:00.000Z'],
    ['2026-12-31T20:00:00.000Z', '2027-01-01T18:30:00.000Z'],
  ])('the IST day containing %s ends at %s', (now, end) => {
    expect(nextIstDayStart(at(now))).toBe(at(end));
  });

  it.each([
    ['2026-11-30T18:29:59.999Z', '2026-11-30T18:30:00.000Z'], // 30 Nov 23:59 IST → 1 Dec
    ['2026-11-30T18:30:00.000Z', '2026-12-31T18:30:00.000Z'], // 1 Dec 00:00 IST → 1 Jan
    ['2026-12-31T18:30:00.000Z', '2027-01-31T18:30:00.000Z'], // 1 Jan → 1 Feb
    ['2028-02-10T00:00:00.000Z', '2028-02-29T18:30:00.000Z'], // leap February → 1 Mar
  ])('the IST month containing %s ends at %s', (now, end) => {
    expect(nextIstMonthStart(at(now))).toBe(at(end));
  });

  it('istDayLabel formats the SQL day number', () => {
    // floor((ms + 5h30m) / 1 day) for 2026-11-30T18:30Z (= 1 Dec IST)
    const day = Math.floor((at('2026-11-30T18:30:00.000Z') + 19_800_000) / 86_400_000);
    expect(istDayLabel(day)).toBe('2026-12-01');
    expect(istDayLabel(day - 1)).toBe('2026-11-30');
  });
});
