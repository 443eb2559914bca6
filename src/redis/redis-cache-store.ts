import type { CacheEntry } from '../cache/cache-entry.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * The exact cache's shared tier for a fleet: entries as JSON under `nm:cache:<key>`, expiring with
 * their TTL, between each replica's memory LRU and the database. Like the database tier, what it
 * returns is verified against the source receipt before replay; a Redis failure only skips it.
 */
export class RedisCacheStore {
  constructor(private readonly redis: RedisConnection) {}

  async get(keyHash: string): Promise<CacheEntry | null> {
    try {
      const raw = await this.redis.client.get(`nm:cache:${keyHash}`);
      return raw ? (JSON.parse(raw) as CacheEntry) : null;
    } catch {
      return null;
    }
  }

  async put(entry: CacheEntry): Promise<void> {
    const ttl = entry.expiresMs - Date.now();
    if (ttl <= 0) return;
    await this.redis.client.set(`nm:cache:${entry.keyHash}`, JSON.stringify(entry), 'PX', ttl).catch(() => undefined);
  }

  async delete(keyHash: string): Promise<void> {
    await this.redis.client.del(`nm:cache:${keyHash}`).catch(() => undefined);
  }
}
