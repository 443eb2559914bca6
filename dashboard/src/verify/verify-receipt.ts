import { api } from '../api/client.js';
import type { PublicKey } from '../api/types.js';
import { canonicalJson } from './canonical-json.js';

/**
 * Receipt verification in the browser: SHA-256 over the canonical JSON without the signature
 * fields must equal `receipt_hash`, and the Ed25519 signature over the same bytes must verify
 * with the gateway's public key. Where WebCrypto has no Ed25519 (older browsers, or a page not
 * served from a secure context), the gateway's POST /v1/receipts/verify does the check instead,
 * and the result says so.
 */

export type VerifyReason = 'malformed' | 'unknown_key' | 'hash_mismatch' | 'bad_signature';
export type VerifyMethod = 'browser' | 'server';
/** `fallback`: the browser was asked but has no Ed25519, so the gateway checked instead. */
export type Verdict = ({ valid: true; keyId: string } | { valid: false; reason: VerifyReason; detail: string }) & { method: VerifyMethod; fallback?: boolean };

const SIGNATURE_FIELDS = ['receipt_hash', 'signature', 'key_id_signing'];

let keysPromise: Promise<PublicKey[]> | null = null;
export function publicKeys(): Promise<PublicKey[]> {
  keysPromise ??= api<{ data: PublicKey[] }>('/v1/receipts/public-keys').then((r) => r.data);
  keysPromise.catch(() => {
    keysPromise = null;
  });
  return keysPromise;
}

let ed25519Support: Promise<boolean> | null = null;
/** Feature test: can this browser make an Ed25519 key pair? (Chrome 137+, Firefox 129+, Safari 17+.) */
export function browserHasEd25519(): Promise<boolean> {
  ed25519Support ??= (async () => {
    if (!globalThis.crypto?.subtle) return false;
    try {
      const keyPair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      return keyPair.publicKey.algorithm.name === 'Ed25519';
    } catch {
      return false;
    }
  })();
  return ed25519Support;
}

function pemToDer(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
}

function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s)) return null;
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function verifyInBrowser(receipt: unknown, keys: PublicKey[]): Promise<Verdict> {
  const method = 'browser' as const;
  if (!receipt || typeof receipt !== 'object' || Array.isArray(receipt)) return { valid: false, reason: 'malformed', detail: 'receipt must be a JSON object', method };
  const r = receipt as Record<string, unknown>;
  if (typeof r.signature !== 'string' || typeof r.key_id_signing !== 'string' || typeof r.receipt_hash !== 'string') {
    return { valid: false, reason: 'malformed', detail: 'receipt_hash, signature and key_id_signing are required', method };
  }
  const key = keys.find((k) => k.id === r.key_id_signing);
  if (!key) return { valid: false, reason: 'unknown_key', detail: `no public key '${r.key_id_signing}'`, method };
  const unsigned: Record<string, unknown> = { ...r };
  for (const field of SIGNATURE_FIELDS) delete unsigned[field];
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new TextEncoder().encode(canonicalJson(unsigned));
  } catch (err) {
    return { valid: false, reason: 'malformed', detail: (err as Error).message, method };
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  if (`sha256:${hex(digest)}` !== r.receipt_hash) return { valid: false, reason: 'hash_mismatch', detail: 'receipt_hash does not match the receipt contents', method };
  const signature = base64UrlToBytes(r.signature);
  if (!signature) return { valid: false, reason: 'malformed', detail: 'signature is not base64url', method };
  const publicKey = await crypto.subtle.importKey('spki', pemToDer(key.public_key_pem), { name: 'Ed25519' }, false, ['verify']);
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, bytes);
  return ok ? { valid: true, keyId: key.id, method } : { valid: false, reason: 'bad_signature', detail: 'Ed25519 signature does not verify', method };
}

export async function verifyOnServer(receipt: unknown): Promise<Verdict> {
  const res = await api<{ valid: boolean; key_id?: string; reason?: VerifyReason; detail?: string }>('/v1/receipts/verify', { method: 'POST', body: { receipt } });
  return res.valid ? { valid: true, keyId: res.key_id ?? '', method: 'server' } : { valid: false, reason: res.reason ?? 'malformed', detail: res.detail ?? '', method: 'server' };
}

/** In the browser when it can, else by the gateway; `prefer` lets the UI (and tests) force the fallback. */
export async function verifyReceipt(receipt: unknown, prefer: VerifyMethod = 'browser'): Promise<Verdict> {
  if (prefer === 'server') return verifyOnServer(receipt);
  if (await browserHasEd25519()) return verifyInBrowser(receipt, await publicKeys());
  return { ...(await verifyOnServer(receipt)), fallback: true };
}
