/**
 * How deeply a JSON text nests arrays and objects, found by scanning its bytes before any parser
 * sees them. Deep input must never reach recursive code (canonical JSON for cache keys and
 * receipts, JSON.stringify, schema walkers): 20,000 levels overflow the stack, and JSON.parse of a
 * few MB of `[` alone blocks the event loop for a second. Works on raw UTF-8: the bytes it looks
 * for (`"` `\` `[` `]` `{` `}`) never occur inside a multi-byte sequence.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonNestsDeeperThan(bytes: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let depth = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = buf.indexOf(QUOTE, j);
        if (j === -1) return false; // unterminated string: the parser will reject it
        let k = j - 1;
        while (k > i && buf[k] === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      i = j;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
