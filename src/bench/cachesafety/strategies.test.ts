import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGIES, parseStrategies } from './strategies.js';

describe('parseStrategies', () => {
  it('expands lexical families over the thresholds and keeps the order given', () => {
    expect(parseStrategies('exact,lexical,oracle', [0.8, 0.9]).map((s) => s.name)).toEqual(['exact', 'lexical@0.80', 'lexical@0.90', 'oracle']);
    expect(parseStrategies('lexical-lastmsg@0.95').map((s) => [s.name, s.threshold])).toEqual([['lexical-lastmsg@0.95', 0.95]]);
    expect(parseStrategies(DEFAULT_STRATEGIES)).toHaveLength(14);
  });

  it('labels the lexical strategies as a proxy', () => {
    for (const s of parseStrategies('lexical,lexical-lastmsg')) expect(s.description).toMatch(/LEXICAL PROXY/);
  });

  it('rejects unknown names, bad thresholds and duplicates', () => {
    expect(() => parseStrategies('semantic')).toThrow(/unknown strategy/);
    expect(() => parseStrategies('lexical@1.5')).toThrow(/threshold/);
    expect(() => parseStrategies('exact@0.9')).toThrow(/unknown strategy/);
    expect(() => parseStrategies('exact,exact')).toThrow(/twice/);
  });
});
