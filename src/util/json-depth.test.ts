import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan } from './json-depth.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(b('{"a":[1,{"b":2}]}'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(b('{"a":[1,{"b":[2]}]}'), 3)).toBe(true);
    expect(jsonNestsDeeperThan(b(`{"s":"${'['.repeat(1000)}"}`), 2)).toBe(false);
    expect(jsonNestsDeeperThan(b(`{"s":"\\"${'{'.repeat(10)}"}`), 2)).toBe(false);
    expect(jsonNestsDeeperThan(b(`{"s":"x\\\\"${',[[[[]]]]'}}`), 2)).toBe(true);
  });

  it('handles multi-byte UTF-8 and the 128-level default', () => {
    expect(jsonNestsDeeperThan(b(`{"हिन्दी":"😀[[["}`))).toBe(false);
    expect(jsonNestsDeeperThan(b(`${'['.repeat(128)}${']'.repeat(128)}`))).toBe(false);
    expect(jsonNestsDeeperThan(b(`${'['.repeat(129)}${']'.repeat(129)}`))).toBe(true);
    expect(jsonNestsDeeperThan(b('"unterminated [[[['), 1)).toBe(false);
  });

  it('scans a 4 MB pathological body quickly', () => {
    const deep = b('['.repeat(4 * 1024 * 1024));
    const started = performance.now();
    expect(jsonNestsDeeperThan(deep)).toBe(true);
    const strings = b(`["${'\\\\'.repeat(1024 * 1024)}"]`);
    expect(jsonNestsDeeperThan(strings)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
