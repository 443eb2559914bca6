import { describe, expect, it } from 'vitest';
import { TfIdf } from './lexical.js';

describe('TfIdf (the lexical proxy)', () => {
  const corpus = ['Convert 5 km to miles.', 'Convert 50 km to miles.', 'How many miles is five kilometres?', 'Explain recursion simply.', 'मेरा ऑर्डर कब आएगा?'];
  const v = new TfIdf(corpus);

  it('scores identical text 1 and is symmetric', () => {
    expect(v.similarity('Convert 5 km to miles.', 'Convert 5 km to miles.')).toBeCloseTo(1, 12);
    expect(v.similarity(corpus[0]!, corpus[3]!)).toBeCloseTo(v.similarity(corpus[3]!, corpus[0]!), 12);
  });

  it('ignores case and spacing, and shows the look-alike problem it exists to expose', () => {
    expect(v.similarity('Convert 5 km to miles.', '  convert 5   KM to miles.')).toBeCloseTo(1, 12);
    const lookAlike = v.similarity(corpus[0]!, corpus[1]!);
    const paraphrase = v.similarity(corpus[0]!, corpus[2]!);
    expect(lookAlike).toBeGreaterThan(0.5);
    expect(paraphrase).toBeLessThan(lookAlike);
    expect(v.similarity(corpus[0]!, corpus[4]!)).toBe(0);
  });

  it('gives unseen n-grams stable ids, so two unseen texts do not collide', () => {
    expect(v.similarity('zzqy xwv', 'pqjk lmn')).toBe(0);
  });
});
