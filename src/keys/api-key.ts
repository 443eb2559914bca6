import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from '../util/ids.js';

/**
 * API key material. A key is shown once; we keep only its SHA-256 and a display prefix. Keys are
 * 256-bit random, so an unsalted hash is safe (no dictionary to attack) and lets us index it.
 */

export type KeyKind = 'admin' | 'project';

export function generateApiKey(kind: KeyKind): string {
  return `${kind === 'admin' ? 'nm_admin_' : 'nm_'}${randomBase62(43)}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `nm_ab12…wxyz`: enough to tell keys apart in a list, useless to an attacker. */
export function displayPrefix(key: string): string {
  const head = key.startsWith('nm_admin_') ? key.slice(0, 13) : key.slice(0, 7);
  return `${head}…${key.slice(-4)}`;
}

/** Constant-time equality of two hex digests of equal length. */
export function hashesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

/** `Authorization: Bearer <key>` (or a bare key, as some clients send) → the key, else null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match ? match[1] : null;
  if (!token || token.length > 200 || !token.startsWith('nm_')) return null;
  return token;
}
