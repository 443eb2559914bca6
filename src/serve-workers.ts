import cluster, { type Worker } from 'node:cluster';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/config-schema.js';
import { bootstrapStore } from './bootstrap/first-start.js';
import { createGateway, type Gateway } from './create-gateway.js';
import { LISTEN_BACKLOG, printBanner } from './serve.js';

/**
 * `nextmodel serve --workers N`: N processes share the port (node:cluster), each a full gateway —
 * the fleet of SPEC §14 on one machine, to use more than one core. Workers share everything a
 * fleet shares, so the same rules hold: receipts and budgets in PostgreSQL, rate limits,
 * single-flight and the cache tier in Redis. A SQLite store is one serving process by design
 * (db/serve-lock.ts: its budget reservations live in that process), so workers need both.
 *
 * The primary migrates and bootstraps the store once, forks the workers, prints the banner when
 * all of them listen, replaces a worker that dies, and on SIGTERM/SIGINT lets every worker drain
 * before it exits. It serves no requests itself.
 */

export function workersUnsupportedReason(config: Config): string | null {
  const db = config.storage.database_url ?? '';
  if (!/^postgres(ql)?:\/\//.test(db)) return 'server.workers > 1 needs PostgreSQL (storage.database_url / NEXTMODEL_DATABASE_URL): a SQLite store has one serving process';
  if (!config.storage.redis_url) return 'server.workers > 1 needs Redis (storage.redis_url / NEXTMODEL_REDIS_URL) for rate limits and single-flight shared by the workers';
  return null;
}

/** A worker dying this many times within RESTART_WINDOW_MS means something is wrong: stop instead of looping. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;

export async function servePrimary(config: Config, out: (line: string) => void): Promise<void> {
  // Migrate, create the signing key and bootstrap before any worker starts, so workers never race to.
  const setup = await createGateway(config, { defaultMetrics: false });
  let boot;
  try {
    boot = await bootstrapStore(setup.services.db, config.bootstrap.admin_key);
  } finally {
    await setup.close();
  }

  const workers = new Set<Worker>();
  const restarts: number[] = [];
  let closing = false;
  // 0 for a requested shutdown; 1 when the primary gives up on workers that keep dying.
  let exitCode = 0;
  const fork = () => workers.add(cluster.fork());

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (closing) {
      if (workers.size === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && (restarts[0] as number) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      out(`nextmodel: workers keep exiting (${restarts.length} in ${RESTART_WINDOW_MS / 1000} s); stopping`);
      closing = true;
      exitCode = 1;
      for (const w of workers) w.process.kill('SIGTERM');
      if (workers.size === 0) process.exit(exitCode);
      return;
    }
    out(`nextmodel: worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`);
    fork();
  });

  const listening = new Promise<AddressInfo>((resolve) => {
    let count = 0;
    const onListening = (_worker: Worker, address: AddressInfo) => {
      if (++count < config.server.workers) return;
      cluster.off('listening', onListening);
      resolve(address);
    };
    cluster.on('listening', onListening);
  });
  for (let i = 0; i < config.server.workers; i++) fork();
  const address = await listening;
  const host = address.address && address.address !== '::' && address.address !== '0.0.0.0' ? address.address : config.server.host;
  const base = config.server.public_url ?? `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`.replace('://[::1]', '://localhost');
  out(`  workers: ${config.server.workers} processes (pids ${[...workers].map((w) => w.process.pid).join(', ')})`);
  printBanner(out, base, boot.adminKey, boot.projectKey, config);

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    out(`nextmodel: ${signal} received, draining the ${workers.size} workers (up to ${config.server.drain_timeout_ms} ms)…`);
    const timer = setTimeout(() => {
      out('nextmodel: drain timeout reached, exiting');
      for (const w of workers) w.process.kill('SIGKILL');
      process.exit(1);
    }, config.server.drain_timeout_ms + 2_000);
    timer.unref();
    for (const w of workers) w.process.kill('SIGTERM');
    if (workers.size === 0) process.exit(0);
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** One worker: a gateway on the shared port; SIGTERM drains it. */
export async function serveWorker(config: Config): Promise<Gateway> {
  const gateway = await createGateway(config);
  await gateway.app.listen({ host: config.server.host, port: config.server.port, backlog: LISTEN_BACKLOG });
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    gateway
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  // Ctrl+C reaches the whole process group; the primary coordinates, the worker just drains.
  process.once('SIGINT', shutdown);
  return gateway;
}
