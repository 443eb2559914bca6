/**
 * A deterministic value that satisfies a (reasonable) JSON Schema: how the offline sandbox
 * answers json_schema requests and fills tool-call arguments.
 */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (depth > 8 || !schema || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') ?? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(properties)) out[name] = sampleFromSchema(sub, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: Math.max(1, Math.min(min, 3)) }, () => sampleFromSchema(s.items, depth + 1));
    }
    case 'string':
      return s.format === 'date' ? '2026-01-01' : s.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'sandbox';
    case 'integer':
      return typeof s.minimum === 'number' ? Math.ceil(s.minimum) : 1;
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? sampleFromSchema({ ...s, type: 'object' }, depth) : null;
  }
}
