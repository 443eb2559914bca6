import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireServeLock, StoreInUseError } from './serve-lock.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (a stale lock's holder). */
function exitedPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(child.pid!));
  });
}

describe('serve lock (one server per SQLite store)', () => {
  it('takes a free lock, writes our pid, and removes it on release (twice is harmless)', () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-lock-'));
    const db = join(dir, 'nextmodel.db');
    const release = acquireServeLock(db);
    expect(readFileSync(`${db}.serve-lock`, 'utf8').trim()).toBe(String(process.pid));
    release();
    release();
    expect(existsSync(`${db}.serve-lock`)).toBe(false);
  });

  it('creates the data dir on a first start (the lock comes before the database)', () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-lock-'));
    const db = join(dir, 'not', 'yet', 'nextmodel.db');
    const release = acquireServeLock(db);
    expect(readFileSync(`${db}.serve-lock`, 'utf8').trim()).toBe(String(process.pid));
    release();
  });

  it('refuses while a live process holds it, naming that pid; the lock file is left alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-lock-'));
    const db = join(dir, 'nextmodel.db');
    // Our parent (the vitest runner) is alive for the whole test.
    writeFileSync(`${db}.serve-lock`, `${process.ppid}\n`);
    expect(() => acquireServeLock(db)).toThrow(StoreInUseError);
    expect(() => acquireServeLock(db)).toThrow(`pid ${process.ppid}`);
    expect(readFileSync(`${db}.serve-lock`, 'utf8').trim()).toBe(String(process.ppid));
  });

  it('takes over a stale lock (its process has exited), a garbled one, and one holding our own pid (a restarted container)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-lock-'));
    const db = join(dir, 'nextmodel.db');
    for (const holder of [String(await exitedPid()), 'not a pid', String(process.pid)]) {
      writeFileSync(`${db}.serve-lock`, `${holder}\n`);
      const release = acquireServeLock(db);
      expect(readFileSync(`${db}.serve-lock`, 'utf8').trim()).toBe(String(process.pid));
      release();
    }
  });
});
