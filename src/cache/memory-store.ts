import type { CacheEntry } from './cache-entry.js';
import { entrySize } from './cache-entry.js';

/**
 * Bounded LRU (entries and bytes) in front of the durable store. Holds only entries this process
 * stored or has already verified against their source receipt, so a memory hit needs no
 * re-verification.
 */
export class MemoryLru {
  private readonly map = new Map<string, { entry: CacheEntry; size: number }>();
  private bytes = 0;

  constructor(private readonly maxEntries: number, private readonly maxBytes: number) {}

  get(keyHash: string): CacheEntry | undefined {
    const hit = this.map.get(keyHash);
    if (!hit) return undefined;
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.map.delete(keyHash);
    this.map.set(keyHash, hit);
    return hit.entry;
  }

  set(entry: CacheEntry): void {
    this.delete(entry.keyHash);
    const size = entrySize(entry);
    if (size > this.maxBytes) return;
    this.map.set(entry.keyHash, { entry, size });
    this.bytes += size;
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(keyHash: string): void {
    const existing = this.map.get(keyHash);
    if (!existing) return;
    this.bytes -= existing.size;
    this.map.delete(keyHash);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }
}
