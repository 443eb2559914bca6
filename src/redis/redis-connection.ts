import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';

/**
 * The shared Redis for a fleet of replicas (SPEC §14): rate-limit buckets and cross-replica
 * single-flight. Commands fail fast when Redis is unreachable (no offline queue), so callers can
 * fall back or fail closed as configured instead of hanging.
 */
export class RedisConnection {
  readonly client: Redis;
  private subscriber: Redis | null = null;
  private readonly waiters = new Map<string, Set<() => void>>();
  private lastError: string | null = null;

  constructor(url: string, private readonly log: Logger) {
    const options = { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 2_000 } as const;
    this.client = new Redis(url, options);
    this.client.on('error', (err: Error) => {
      if (this.lastError !== err.message) this.log.warn({ err: err.message }, 'redis error');
      this.lastError = err.message;
    });
    this.client.on('ready', () => {
      this.lastError = null;
    });
  }

  get healthy(): boolean {
    return this.client.status === 'ready';
  }

  get status(): string {
    return this.healthy ? 'ok' : `unreachable${this.lastError ? `: ${this.lastError}` : ''}`;
  }

  /** Resolves when Redis answers (or rejects after the connect timeout). */
  async ready(): Promise<void> {
    if (this.healthy) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis not ready: ${this.lastError ?? 'timeout'}`)), 3_000);
      this.client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Calls `onMessage` whenever `channel` is published to, until the returned function is called. */
  async subscribe(channel: string, onMessage: () => void): Promise<() => void> {
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate({ enableOfflineQueue: true });
      this.subscriber.on('error', () => {});
      this.subscriber.on('message', (ch: string) => {
        for (const fn of this.waiters.get(ch) ?? []) fn();
      });
    }
    let set = this.waiters.get(channel);
    if (!set) {
      set = new Set();
      this.waiters.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(onMessage);
    return () => {
      const s = this.waiters.get(channel);
      s?.delete(onMessage);
      if (s && s.size === 0) {
        this.waiters.delete(channel);
        void this.subscriber?.unsubscribe(channel).catch(() => {});
      }
    };
  }

  async close(): Promise<void> {
    this.client.disconnect();
    this.subscriber?.disconnect();
  }
}
