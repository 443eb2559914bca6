import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { outputTail, trackChild, type MeasuredProcess } from './bench-process.js';
import { procSample } from './proc-sample.js';

/**
 * The peer baseline: Portkey's open-source gateway from the npm registry, installed on demand
 * into a temp folder (never a project dependency), with hono and @hono/node-server pinned
 * because newer ones break its streaming. It is started with --headless and bound to loopback,
 * and routed to the bench mock per request with its documented headers: x-portkey-provider
 * selects the OpenAI adapter and x-portkey-custom-host replaces api.openai.com with the mock
 * (build/start-server.js trusts 127.0.0.1 as a custom host).
 */

export const PORTKEY_PACKAGES = { '@portkey-ai/gateway': '1.15.2', hono: '4.9.7', '@hono/node-server': '1.13.5' } as const;

/** Portkey's start-server.js calls listen(port) with no host, i.e. every interface: pin it to loopback. */
const LOOPBACK_PRELOAD = `// Written by the NextModel bench: bind every server of this process to loopback.
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\\d+$/.test(first))) {
    if (typeof args[1] !== 'string') {
      if (args.length >= 2 && args[1] === undefined) args[1] = '127.0.0.1';
      else args.splice(1, 0, '127.0.0.1');
    }
  } else if (first && typeof first === 'object' && first.path === undefined && first.host === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
`;

const installDir = () => join(tmpdir(), `nextmodel-bench-portkey-${PORTKEY_PACKAGES['@portkey-ai/gateway']}`);

function installedVersion(dir: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** Installs the pinned packages unless the temp folder already has exactly them; returns the folder. */
export async function installPortkey(log: (line: string) => void): Promise<string> {
  const dir = installDir();
  const ok = () => Object.entries(PORTKEY_PACKAGES).every(([name, version]) => installedVersion(dir, name) === version);
  if (!ok()) {
    log(`installing the Portkey peer into ${dir} (npm install --prefix)…`);
    mkdirSync(dir, { recursive: true });
    // overrides force the pinned hono versions onto Portkey's own dependency ranges too.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nextmodel-bench-portkey', private: true, dependencies: PORTKEY_PACKAGES, overrides: { hono: PORTKEY_PACKAGES.hono, '@hono/node-server': PORTKEY_PACKAGES['@hono/node-server'] } }, null, 2));
    // --ignore-scripts: its postinstall runs patch-package, which has no patches in the published package.
    await promisify(execFile)('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir, timeout: 300_000 });
    if (!ok()) throw new Error(`npm install in ${dir} did not produce the pinned versions`);
  }
  writeFileSync(join(dir, 'loopback-only.mjs'), LOOPBACK_PRELOAD);
  return dir;
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilServing(port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Portkey did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export async function startPortkey(dir: string): Promise<MeasuredProcess> {
  const port = await freeLoopbackPort();
  const entry = join(dir, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(dir, 'loopback-only.mjs')).href, entry, '--headless', `--port=${port}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  const output = outputTail(child);
  try {
    await waitUntilServing(port, 30_000, () => child.exitCode === null);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${output()}`);
  }
  const pid = child.pid ?? 0;
  return {
    name: 'portkey',
    pid,
    port,
    sample: () => procSample(pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
    output,
  };
}

/** Headers that route a Portkey request to the bench mock through its OpenAI adapter. */
export function portkeyHeaders(mockBaseUrl: string): Record<string, string> {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': mockBaseUrl, authorization: 'Bearer sk-bench-upstream-0000000000000000' };
}
