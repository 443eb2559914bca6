import { describe, expect, it } from 'vitest';
import { rate, wilson } from './metrics.js';

describe('wilson', () => {
  it('matches the textbook 95% score interval', () => {
    const [lo, hi] = wilson(5, 10)!;
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
    const [zlo, zhi] = wilson(0, 10)!;
    expect(zlo).toBe(0);
    expect(zhi).toBeCloseTo(0.2775, 4);
    expect(wilson(0, 0)).toBeNull();
  });

  it('adds the rule-of-three bound only when nothing happened', () => {
    expect(rate(0, 300).upper_rule_of_three).toBeCloseTo(0.01, 10);
    expect(rate(1, 300).upper_rule_of_three).toBeUndefined();
    expect(rate(0, 0)).toMatchObject({ value: null, ci95: null });
  });
});
