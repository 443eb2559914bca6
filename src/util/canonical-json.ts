/**
 * RFC 8785 (JSON Canonicalization Scheme) for JSON data: object keys sorted by UTF-16 code
 * units (JavaScript's default string order), no whitespace, strings and numbers serialised as
 * ECMAScript's JSON.stringify does — which is exactly what RFC 8785 §3.2.2 prescribes.
 * Undefined object members are omitted (as JSON.stringify does); non-finite numbers are errors.
 * Built by string concatenation: it runs several times per request (receipt, response and cache
 * key hashes), and the intermediate arrays of a map/filter/join version showed in the profile.
 */
export function canonicalJson(value: unknown): string {
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
          out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalJson(v));
        }
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot represent a ${typeof value}`);
  }
}
