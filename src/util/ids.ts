import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string; unbiased (rejection sampling on bytes ≥ 248). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (const b of bytes) {
      if (b < 248) out += ALPHABET[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * Time-sortable id: prefix + 10 base62 chars of ms time (fixed width) + random tail. Sorting ids
 * sorts by creation time, which keyset pagination over receipts relies on.
 */
export function sortableId(prefix: string, now = Date.now(), randomLength = 14): string {
  let t = now;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 62] + time;
    t = Math.floor(t / 62);
  }
  return `${prefix}${time}${randomBase62(randomLength)}`;
}

export const newRequestId = () => sortableId('req_');
export const newReceiptId = () => sortableId('rcpt_');
