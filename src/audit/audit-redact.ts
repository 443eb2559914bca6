/**
 * Defence in depth for the audit trail: callers pass secret-free views, and this still scrubs
 * anything secret by field name or by shape before an entry is hashed and stored — an audit row
 * can never be edited afterwards, so a leaked secret there could not be cleaned up.
 */

export const REDACTED = '[redacted]';

/** Field names whose values are secrets whatever they look like. */
const SECRET_FIELD = /^(key|key_hash|api_key|api_key_enc|secret|.*_secret|password|token|access_token|refresh_token|authorization|private_key.*|master_key)$/i;

/** Gateway keys and the common provider key shapes. Our ids (key_…, proj_…) do not match. */
const SECRET_SHAPES = [/\bnm_(?:admin_)?[A-Za-z0-9]{16,}/g, /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{12,}/g, /\bAIza[0-9A-Za-z_-]{20,}/g];

export function scrubString(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/**
 * Any value → plain JSON data (as JSON.stringify would see it: Dates become strings, undefined
 * members vanish) with secrets replaced by "[redacted]".
 */
export function scrubForAudit(value: unknown): unknown {
  if (value === undefined) return null;
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return null;
  return scrubJson(JSON.parse(json) as unknown);
}

function scrubJson(value: unknown): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map(scrubJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && v !== null ? REDACTED : scrubJson(v);
    return out;
  }
  return value;
}
