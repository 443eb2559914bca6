import type SQLite from 'better-sqlite3';

/**
 * Rows an inference request reads from teams, projects, keys and BYOK credentials, kept in memory
 * (SQLite only) for as long as `tenancy_version` is unchanged. Triggers bump that number in the
 * same transaction as any change to those tables, from any process (migration 0011), so a revoked
 * key, a deleted project or a new budget still counts from the very next request (SPEC §7). Each
 * lookup costs one read of a one-row table instead of a three-table join (~30 µs on the hot path).
 *
 * The version is read at most once per event-loop turn (a standalone SQLite read costs ~10 µs,
 * most of it the read transaction around it). That is still "the next request": a request sent
 * after a change committed arrives in a later turn, or in this turn's batch of I/O, which the
 * loop collected before the first read of the turn happened.
 *
 * Only rows found are kept (an unknown key is read every time: guessing keys cannot fill memory),
 * and only if the version did not move while they were read. Rows are kept as read, never
 * mutated; callers build their own objects from them. On PostgreSQL, where the version read would
 * cost the same network round trip as the lookup itself, there is no cache.
 */
export class TenancyCache {
  private version = Number.NaN;
  private readThisTurn = false;
  private readonly endTurn = () => {
    this.readThisTurn = false;
  };
  private readonly entries = new Map<string, unknown>();
  private readonly readVersion: SQLite.Statement<[], { version: number | bigint }>;

  constructor(
    sqlite: SQLite.Database,
    private readonly maxEntries = 10_000,
  ) {
    this.readVersion = sqlite.prepare('select version from tenancy_version where id = 1');
  }

  /** The version now; forgets everything read under an older one. */
  private current(): number {
    if (this.readThisTurn) return this.version;
    this.readThisTurn = true;
    setImmediate(this.endTurn);
    const version = Number(this.readVersion.get()?.version ?? Number.NaN);
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    return version;
  }

  async get<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const version = this.current();
    const kept = this.entries.get(key);
    if (kept !== undefined) return kept as T;
    const value = await load();
    // A change that committed while loading may or may not be in `value`: keep it only if none did.
    // (Within one turn the version is not re-read: whatever is kept now is dropped next turn if it moved.)
    if (value !== undefined && this.current() === version) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
