import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Process probes for the memory and leak checks: a forced GC (exposed at runtime, so the suite
 * needs no special node flags), heap/RSS of this process, and RSS / open file descriptors of any
 * process by pid from /proc (Linux).
 */

let gcFn: (() => void) | null = null;

export function forceGc(): void {
  if (!gcFn) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) gcFn = existing;
    else {
      setFlagsFromString('--expose_gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  // Twice: the first pass may only queue finalizers that free more on the second.
  gcFn();
  gcFn();
}

export interface MemorySample {
  heapUsedMb: number;
  rssMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function sampleSelf(): MemorySample {
  const m = process.memoryUsage();
  return { heapUsedMb: mb(m.heapUsed), rssMb: mb(m.rss) };
}

/** RSS of a process in MB, from /proc/<pid>/status (VmRSS); null when unavailable. */
export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? mb(Number(kb) * 1024) : null;
  } catch {
    return null;
  }
}

/** Open file descriptors of a process (/proc/<pid>/fd); null when unavailable. */
export function openFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}
