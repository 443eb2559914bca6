import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../util/canonical-json.js';
import { SIGNATURE_FIELDS, type SignedReceipt, type UnsignedReceipt } from './receipt.js';

/**
 * Ed25519 receipt signatures. `receipt_hash` = SHA-256 over the RFC 8785 canonical JSON of the
 * receipt without the signature fields; the signature is Ed25519 over those same bytes. Anyone
 * with the public key can verify a receipt offline.
 */

export interface PublicSigningKey {
  id: string;
  alg: 'Ed25519';
  public_key_pem: string;
  created: string;
  active: boolean;
}

export function canonicalReceiptBytes(receipt: Record<string, unknown>): Buffer {
  return Buffer.from(canonicalJson(receipt, SIGNATURE_FIELDS), 'utf8');
}

export function sha256Tagged(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function signingKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `ed25519_${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

export function generateSigningKey(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export class ReceiptSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;

  constructor(privateKeyPem: string, readonly publicKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.keyId = signingKeyId(publicKeyPem);
  }

  sign(receipt: UnsignedReceipt): SignedReceipt {
    const bytes = canonicalReceiptBytes(receipt as unknown as Record<string, unknown>);
    return {
      ...receipt,
      receipt_hash: sha256Tagged(bytes),
      signature: sign(null, bytes, this.privateKey).toString('base64url'),
      key_id_signing: this.keyId,
    };
  }
}

export type VerifyResult =
  | { valid: true; key_id: string }
  | { valid: false; reason: 'malformed' | 'unknown_key' | 'hash_mismatch' | 'bad_signature'; detail: string };

/** Offline verification against a set of public keys (PEM by key id). */
export function verifyReceipt(receipt: unknown, publicKeys: ReadonlyMap<string, string>): VerifyResult {
  if (!receipt || typeof receipt !== 'object' || Array.isArray(receipt)) {
    return { valid: false, reason: 'malformed', detail: 'receipt must be a JSON object' };
  }
  const r = receipt as Record<string, unknown>;
  if (typeof r.signature !== 'string' || typeof r.key_id_signing !== 'string' || typeof r.receipt_hash !== 'string') {
    return { valid: false, reason: 'malformed', detail: 'receipt_hash, signature and key_id_signing are required' };
  }
  const pem = publicKeys.get(r.key_id_signing);
  if (!pem) return { valid: false, reason: 'unknown_key', detail: `no public key '${r.key_id_signing}'` };
  let bytes: Buffer;
  try {
    bytes = canonicalReceiptBytes(r);
  } catch (err) {
    return { valid: false, reason: 'malformed', detail: (err as Error).message };
  }
  if (sha256Tagged(bytes) !== r.receipt_hash) {
    return { valid: false, reason: 'hash_mismatch', detail: 'receipt_hash does not match the receipt contents' };
  }
  const ok = verify(null, bytes, createPublicKey(pem), Buffer.from(r.signature, 'base64url'));
  return ok ? { valid: true, key_id: r.key_id_signing } : { valid: false, reason: 'bad_signature', detail: 'Ed25519 signature does not verify' };
}
