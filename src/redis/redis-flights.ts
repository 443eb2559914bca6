import { randomBytes } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Single-flight across replicas: the replica that takes `nm:flight:<key>` (SET NX PX) calls the
 * upstream; others wait until it publishes `nm:flight-done:<key>` (or the lock lapses, if that
 * replica died), then read the answer from the shared cache store. Local followers are coalesced
 * in-process first (ExactCache), so at most one request per replica waits here.
 */
export class RedisFlights {
  private readonly owner = randomBytes(8).toString('hex');

  constructor(private readonly redis: RedisConnection, private readonly log: Logger, private readonly lockMs = 130_000) {}

  /** True when this replica now leads the call for `key`; false when another replica does (or Redis is down: then every replica leads). */
  async tryLead(key: string): Promise<boolean> {
    try {
      const ok = await this.redis.client.set(`nm:flight:${key}`, this.owner, 'PX', this.lockMs, 'NX');
      return ok === 'OK';
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'cross-replica single-flight unavailable: redis down');
      return true;
    }
  }

  /** Waits until the leading replica finishes (publishes) or its lock disappears, at most `timeoutMs`. */
  async waitFor(key: string, timeoutMs: number): Promise<void> {
    let unsubscribe: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    let poll: NodeJS.Timeout | null = null;
    try {
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        timer = setTimeout(done, timeoutMs);
        this.redis
          .subscribe(`nm:flight-done:${key}`, done)
          .then(async (unsub) => {
            unsubscribe = unsub;
            // The leader may have finished between our SET NX and the subscription.
            if ((await this.redis.client.exists(`nm:flight:${key}`).catch(() => 0)) === 0) done();
          })
          .catch(done);
        // A crashed leader never publishes: notice its lock lapsing.
        poll = setInterval(() => {
          this.redis.client
            .exists(`nm:flight:${key}`)
            .then((n) => n === 0 && done())
            .catch(done);
        }, 500);
      });
    } finally {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      (unsubscribe as (() => void) | null)?.();
    }
  }

  /** Releases the lock (only if still ours) and wakes the waiting replicas. */
  async finish(key: string): Promise<void> {
    try {
      await this.redis.client.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return redis.call('PUBLISH', KEYS[2], '1')",
        2,
        `nm:flight:${key}`,
        `nm:flight-done:${key}`,
        this.owner,
      );
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not release a cross-replica flight; it lapses on its own');
    }
  }
}
