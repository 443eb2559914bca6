import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Several ids per request: one CSPRNG call per 4 KiB instead of one per id. Each byte is used once.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** Random base62 string; unbiased (rejection sampling on bytes ≥ 248). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const b = randomByte();
    if (b < 248) out += ALPHABET[b % 62];
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
