import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDER_ENV_PREFIX } from '../../src/config/load-config.js';

/**
 * Runs the built CLI (`node bin/nextmodel.js`, compiled by `npm test`'s build step) as a real
 * child process: one-shot commands via execFile, `serve` as a long-lived child whose stdout is
 * watched for the banner. Every wait is bounded and fails with the output collected so far.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO_ROOT, 'bin', 'nextmodel.js');

export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'nextmodel-cli-'));

/** The parent env minus anything that would configure the gateway or a provider behind our back. */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const providerPrefixes = Object.values(PROVIDER_ENV_PREFIX).map((p) => `${p}_`);
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('NEXTMODEL_') || providerPrefixes.some((p) => name.startsWith(p))) continue;
    env[name] = value;
  }
  return { ...env, NEXTMODEL_DATA_DIR: dataDir, NEXTMODEL_PORT: '0', NEXTMODEL_HOST: '127.0.0.1', NEXTMODEL_LOG_LEVEL: 'warn', ...extra };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new Error(`nextmodel ${args.join(' ')} did not exit normally (${err.signal ?? err.code}): ${stderr}`));
        return;
      }
      resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
  });
}

export interface Banner {
  url: string;
  adminKey: string | null;
  projectKey: string | null;
  /** The ready-to-copy curl command, continuation lines joined. */
  curl: string | null;
}

export interface ServeProcess {
  child: ChildProcess;
  banner: Banner;
  output(): string;
  /** SIGTERM this child (by its own handle) and wait for it to exit; resolves with its exit code and full stdout. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

/** Spawns `nextmodel serve` and resolves once its banner is complete (its last line, BANNER_END, has been read). */
export function startServe(env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const stop: ServeProcess['stop'] = async (ms = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const result = await withTimeout(exited, ms, () => `serve did not exit after SIGTERM; stdout:\n${stdout}`, () => child.kill('SIGKILL'));
    return { ...result, stdout };
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve banner not seen within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const earlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before its banner\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    child.once('close', earlyExit);
    let ready = false;
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      if (ready) return;
      let banner: Banner | null;
      try {
        banner = parseBanner(stdout);
      } catch (err) {
        ready = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(err as Error);
        return;
      }
      if (!banner) return;
      ready = true;
      clearTimeout(timer);
      child.off('close', earlyExit);
      resolve({ child, banner, output: () => stdout, stop });
    });
  });
}

/** The line `serve` always prints last in its banner (src/serve.ts). */
export const BANNER_END = 'Ready. Press Ctrl+C to stop.';

/** null until the banner is complete, i.e. until its last line has been read. */
export function parseBanner(text: string): Banner | null {
  const end = text.indexOf(`${BANNER_END}\n`);
  if (end < 0) return null;
  const banner = text.slice(0, end);
  const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
  if (!url) throw new Error(`serve banner has no "listening on <url>" line:\n${banner}`);
  const curl = /^\s*(curl [\s\S]*?-d '[^'\n]*')\s*$/m.exec(banner)?.[1];
  return {
    url,
    adminKey: /admin key:\s+(nm_admin_\S+)/.exec(banner)?.[1] ?? null,
    projectKey: /project key:\s+(nm_\S+)/.exec(banner)?.[1] ?? null,
    curl: curl ? curl.replace(/\\\n\s*/g, '') : null,
  };
}

/** Splits a one-line POSIX shell command (plain words, '…' and "…" quoting, no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  if (/[$`]/.test(line.replace(/'[^']*'/g, ''))) throw new Error(`banner command needs shell expansion: ${line}`);
  return words;
}

export function hasExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, message: () => string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(message()));
    }, ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
