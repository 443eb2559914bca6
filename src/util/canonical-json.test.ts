import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    // RFC 8785 §3.2.3 example ordering: "\u20ac" (€) sorts before "\ud83d\ude00" (😀) and after "\u00f6"
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ud83d\ude00': 'Smiley', '1': 'One', '\u00f6': 'Latin Small Letter O With Diaeresis', '\u0080': 'Control' };
    expect(canonicalJson(input)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Smiley"}');
  });

  it('serialises numbers like ECMAScript and nests deterministically', () => {
    expect(canonicalJson({ b: [1e21, 0.000001, -0, 1.5], a: { z: null, y: true } })).toBe('{"a":{"y":true,"z":null},"b":[1e+21,0.000001,0,1.5]}');
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: () => 1 })).toThrow(TypeError);
  });

  it('omits the named top-level members only, as if they were absent', () => {
    const receipt = { b: 1, signature: 'sig', a: { signature: 'nested stays' }, receipt_hash: 'h' };
    expect(canonicalJson(receipt, ['signature', 'receipt_hash'])).toBe('{"a":{"signature":"nested stays"},"b":1}');
    expect(canonicalJson(receipt, ['signature', 'receipt_hash'])).toBe(canonicalJson({ b: 1, a: { signature: 'nested stays' } }));
  });

  it('quotes keys that need escaping the same on every call (the quoted-key cache)', () => {
    const awkward = { 'a"b': 1, 'line\nbreak': 2, ['x'.repeat(100)]: 3 };
    const once = canonicalJson(awkward);
    expect(canonicalJson(awkward)).toBe(once);
    expect(JSON.parse(once)).toEqual(awkward);
  });
});
