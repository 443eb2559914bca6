import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One `nextmodel serve` per SQLite store. A serving gateway keeps state that only holds while it
 * is the store's only server: budget reservations in flight (spend/local-reservations.ts), rate
 * limit buckets and single-flight without Redis. A second server on the same file would quietly
 * let budgets overspend, so it refuses to start instead. CLI commands (keys, receipts, usage)
 * open the store freely: they serve no requests.
 *
 * The lock is a file beside the database holding the server's pid, created exclusively. A lock
 * whose process is gone (killed, crashed, the machine rebooted) is stale and taken over. A lock
 * holding our own pid is a previous incarnation (a container restarted with pid 1 again).
 */

export class StoreInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the serve lock of the SQLite file at `dbPath`; returns its release. Throws StoreInUseError when another live server holds it. */
export function acquireServeLock(dbPath: string): () => void {
  const lockPath = `${dbPath}.serve-lock`;
  // On a first start the data dir does not exist yet: the lock comes before the database.
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(lockPath);
      if (holder !== null && holder !== process.pid && isRunning(holder)) {
        throw new StoreInUseError(
          `another nextmodel serve (pid ${holder}) is serving this SQLite store (${dbPath}); run one gateway per SQLite store, or PostgreSQL + Redis for several (docs/deployment.md)`,
        );
      }
      try {
        unlinkSync(lockPath);
      } catch (unlinkErr) {
        if ((unlinkErr as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkErr;
      }
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (readHolder(lockPath) === process.pid) unlinkSync(lockPath);
    };
  }
  throw new StoreInUseError(`could not take the serve lock ${lockPath}: other processes keep replacing it`);
}
