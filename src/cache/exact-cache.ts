import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { verifyReceipt } from '../billing/receipt-signer.js';
import { publicKeyMap } from '../billing/signing-keys.js';
import type { Logger } from '../observability/logger.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { payloadHash, type CacheEntry, type CacheKind } from './cache-entry.js';
import { cacheKeyHash, canonicalCacheRequest, type CacheScope } from './cache-key.js';
import { canonicaliseText } from './canonical-text.js';
import { MemoryLru } from './memory-store.js';
import { SqlCacheStore } from './sql-store.js';
import { RedisCacheStore } from '../redis/redis-cache-store.js';
import type { RedisConnection } from '../redis/redis-connection.js';

/**
 * The verified exact cache (SPEC §5): a memory LRU in front of Redis (in a fleet) and the SQL store, lookups that prove
 * an entry is the same request and the same answer its source receipt paid for, and single-flight
 * so concurrent identical requests make one upstream call.
 */

export interface CacheKey {
  kind: CacheKind;
  hash: string;
  canonical: string;
}

export interface CacheHit {
  entry: CacheEntry;
  ageSeconds: number;
}

export function cacheKeysFor(req: ChatRequest, scope: CacheScope, withCanonical: boolean): CacheKey[] {
  const exact = canonicalCacheRequest(req, scope);
  const keys: CacheKey[] = [{ kind: 'exact', hash: cacheKeyHash(exact), canonical: exact }];
  if (withCanonical) {
    // A distinct prefix keeps the two layers' keys apart even when normalisation changes nothing.
    const canonical = `canonical\n${canonicalCacheRequest(canonicaliseText(req), scope)}`;
    keys.push({ kind: 'canonical', hash: cacheKeyHash(canonical), canonical });
  }
  return keys;
}

export class ExactCache {
  private readonly memory: MemoryLru;
  private readonly sql: SqlCacheStore;
  private readonly flights = new Map<string, Promise<CacheEntry | null>>();
  private keys: Map<string, string> | null = null;
  /** Requests currently waiting on another request's upstream call (a gauge for metrics and tests). */
  followersWaiting = 0;

  private readonly shared: RedisCacheStore | null;

  constructor(private readonly db: Kysely<Database>, private readonly log: Logger, options: { memoryEntries: number; memoryBytes?: number; redis?: RedisConnection | null }) {
    this.memory = new MemoryLru(options.memoryEntries, options.memoryBytes ?? 256 * 1024 * 1024);
    this.sql = new SqlCacheStore(db);
    this.shared = options.redis ? new RedisCacheStore(options.redis) : null;
  }

  /** First verified, fresh entry for these keys (exact before canonical), else null. */
  async lookup(keys: CacheKey[], projectId: string, ttlSeconds: number, now = Date.now()): Promise<CacheHit | null> {
    for (const key of keys) {
      const hit = await this.lookupOne(key, projectId, ttlSeconds, now);
      if (hit) return hit;
    }
    return null;
  }

  private async lookupOne(key: CacheKey, projectId: string, ttlSeconds: number, now: number): Promise<CacheHit | null> {
    let entry = this.memory.get(key.hash) ?? null;
    let verified = entry !== null;
    if (!entry) {
      entry = (await this.shared?.get(key.hash)) ?? (await this.sql.get(key.hash));
      if (!entry) return null;
    }
    // Hash equality is not enough: the stored canonical request must equal this one byte for byte,
    // in the same scope (project, provider, model are inside the canonical text).
    if (entry.canonicalRequest !== key.canonical || entry.projectId !== projectId || entry.kind !== key.kind) return null;
    const ageMs = now - entry.createdMs;
    if (ageMs > ttlSeconds * 1000 || now >= entry.expiresMs) return null;
    if (!verified) {
      verified = await this.verifyAgainstReceipt(entry);
      if (!verified) {
        await this.evict(entry.keyHash);
        return null;
      }
      this.memory.set(entry);
    }
    return { entry, ageSeconds: Math.max(0, Math.floor(ageMs / 1000)) };
  }

  /**
   * SPEC §5.4: the stored answer must hash to the response_hash its source receipt carries, and
   * that receipt must carry a valid signature from this gateway — so an edited cache row (or an
   * edited receipt) is detected and never replayed.
   */
  private async verifyAgainstReceipt(entry: CacheEntry): Promise<boolean> {
    const reject = (reason: string) => {
      this.log.warn({ cache_key: entry.keyHash, source_receipt_id: entry.sourceReceiptId, reason }, 'cache entry failed verification; serving fresh');
      return false;
    };
    if (payloadHash(entry.payload) !== entry.responseHash) return reject('payload does not match its stored hash');
    const row = await this.db.selectFrom('receipts').select(['body', 'project_id']).where('id', '=', entry.sourceReceiptId).executeTakeFirst();
    if (!row) return reject('source receipt missing');
    let receipt: Record<string, unknown>;
    try {
      receipt = JSON.parse(row.body) as Record<string, unknown>;
    } catch {
      return reject('source receipt unreadable');
    }
    if (receipt.response_hash !== entry.responseHash) return reject('payload does not match the source receipt');
    if (receipt.project_id !== entry.projectId) return reject('source receipt belongs to another project');
    const keyId = String(receipt.key_id_signing ?? '');
    if (!this.keys?.has(keyId)) this.keys = await publicKeyMap(this.db);
    const result = verifyReceipt(receipt, this.keys);
    if (!result.valid) return reject(`source receipt signature: ${result.reason}`);
    return true;
  }

  async store(entry: CacheEntry): Promise<void> {
    this.memory.set(entry);
    await this.sql.put(entry);
    await this.shared?.put(entry);
  }

  /** The durable half of `store`, inside the transaction that writes the entry's source receipt. */
  async storeInTransaction(trx: Transaction<Database>, entry: CacheEntry): Promise<void> {
    await this.sql.put(entry, trx);
  }

  /** The rest of `store`, once that transaction has committed: the memory and Redis tiers. */
  async remember(entry: CacheEntry): Promise<void> {
    this.memory.set(entry);
    await this.shared?.put(entry);
  }

  async evict(keyHash: string): Promise<void> {
    this.memory.delete(keyHash);
    await this.shared?.delete(keyHash);
    await this.sql.delete(keyHash);
  }

  /** Forget the in-memory tier (tests; also what a restart does). */
  clearMemory(): void {
    this.memory.clear();
  }

  async purgeExpired(): Promise<number> {
    return this.sql.purgeExpired();
  }

  /** The in-flight upstream call for this key, if another request is already making it. */
  inFlight(keyHash: string): Promise<CacheEntry | null> | undefined {
    return this.flights.get(keyHash);
  }

  /** Waits for another request's upstream call to settle. */
  async follow(flight: Promise<CacheEntry | null>): Promise<CacheEntry | null> {
    this.followersWaiting++;
    try {
      return await flight;
    } finally {
      this.followersWaiting--;
    }
  }

  /**
   * Registers this request as the leader for a key. Call `settle(entry | null)` exactly once when
   * the answer is stored (or turned out uncacheable/failed); followers then replay it or go fresh.
   */
  lead(keyHash: string): (entry: CacheEntry | null) => void {
    let resolve!: (entry: CacheEntry | null) => void;
    const promise = new Promise<CacheEntry | null>((r) => (resolve = r));
    this.flights.set(keyHash, promise);
    let settled = false;
    return (entry) => {
      if (settled) return;
      settled = true;
      if (this.flights.get(keyHash) === promise) this.flights.delete(keyHash);
      resolve(entry);
    };
  }
}
