import { describe, expect, it } from 'vitest';
import { istDayStart } from '../util/ist-periods.js';
import { splitByWholeDays } from './usage-periods.js';
import { istDayNumber } from './usage-rollup.js';

const DAY = 86_400_000;
// 2026-11-30T00:00:00+05:30
const dayStart = Date.parse('2026-11-29T18:30:00.000Z');
const dayN = istDayNumber(dayStart);

describe('splitByWholeDays', () => {
  it('is all rollup when both ends fall on IST day boundaries', () => {
    expect(splitByWholeDays({ fromMs: dayStart - 3 * DAY, toMs: dayStart })).toEqual({ wholeDays: { fromDay: dayN - 3, toDay: dayN }, edges: [] });
  });

  it('is all rollup when unbounded', () => {
    expect(splitByWholeDays({})).toEqual({ wholeDays: {}, edges: [] });
  });

  it('reads partial days at both ends from the receipts', () => {
    const from = dayStart - 2 * DAY + 5_000;
    const to = dayStart + 7_000;
    expect(splitByWholeDays({ fromMs: from, toMs: to })).toEqual({
      wholeDays: { fromDay: dayN - 1, toDay: dayN },
      edges: [
        { fromMs: from, toMs: dayStart - DAY },
        { fromMs: dayStart, toMs: to },
      ],
    });
  });

  it('is all edge inside one day, and across one boundary with no whole day between', () => {
    expect(splitByWholeDays({ fromMs: dayStart + 1, toMs: dayStart + 100 })).toEqual({ wholeDays: null, edges: [{ fromMs: dayStart + 1, toMs: dayStart + 100 }] });
    expect(splitByWholeDays({ fromMs: dayStart - 10, toMs: dayStart + 10 })).toEqual({ wholeDays: null, edges: [{ fromMs: dayStart - 10, toMs: dayStart + 10 }] });
  });

  it('keeps one unbounded end whole and bounds the other', () => {
    const to = dayStart + 1_000;
    expect(splitByWholeDays({ toMs: to })).toEqual({ wholeDays: { toDay: dayN }, edges: [{ fromMs: dayStart, toMs: to }] });
    const from = dayStart + 1_000;
    expect(splitByWholeDays({ fromMs: from })).toEqual({ wholeDays: { fromDay: dayN + 1 }, edges: [{ fromMs: from, toMs: dayStart + DAY }] });
  });

  it('numbers days as the SQL bucket does', () => {
    expect(istDayStart(dayStart + 12345)).toBe(dayStart);
    expect(istDayNumber(dayStart)).toBe(Math.floor((dayStart + 19_800_000) / DAY));
    expect(istDayNumber(dayStart - 1)).toBe(dayN - 1);
  });
});
