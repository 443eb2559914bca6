/**
 * RFC 8785 (JSON Canonicalization Scheme) for JSON data: object keys sorted by UTF-16 code
 * units (JavaScript's default string order), no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does — which is exactly what RFC 8785 §3.2.2 prescribes.
 * Undefined object members are omitted (as JSON.stringify does); non-finite numbers are errors.
 * Built by string concatenation: it runs several times per request (receipt, response and cache
 * key hashes), and the intermediate arrays of a map/filter/join version showed in the profile.
 *
 * `omit` leaves out top-level members by name (a receipt's signature fields) without the caller
 * copying the object and deleting them, which also turns the copy into a slow dictionary object.
 */
export function canonicalJson(value: unknown, omit?: readonly string[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot represent NaN or Infinity');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (i > 0) out += ',';
          out += v === undefined ? 'null' : canonicalJson(v);
        }
        return out + ']';
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const v = obj[k];
        if (v === undefined || (omit !== undefined && omit.includes(k))) continue;
        if (!first) out += ',';
        first = false;
        out += quotedKey(k) + ':' + canonicalJson(v);
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a ${typeof value}`);
  }
}

// Our own field names repeat on every request; quoting each costs a JSON.stringify call. Bounded:
// keys also come from request bodies (tool schemas, metadata), which must not grow this.
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 4096 && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}
