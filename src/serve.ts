import type { Config } from './config/config-schema.js';
import { bootstrapStore } from './bootstrap/first-start.js';
import { resolve } from 'node:path';
import { createGateway, type Gateway } from './create-gateway.js';
import { resolveDatabaseUrl } from './db/open-database.js';
import { acquireServeLock } from './db/serve-lock.js';

/**
 * The accept queue `serve` listens with (and the bench's gateway, so it measures the same thing).
 * Deep: bursts of new connections (thousands of streams opening) wait in the kernel's queue
 * instead of being dropped while the event loop is busy, and a dropped SYN costs its client a
 * 1 s retransmit (docs/performance.md).
 */
export const LISTEN_BACKLOG = 4096;

/** `nextmodel serve`: start, bootstrap on first start, listen, drain on SIGTERM/SIGINT. */
export async function serve(config: Config, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): Promise<Gateway> {
  const releaseLock = lockSqliteStore(config);
  let gateway: Gateway;
  try {
    gateway = await createGateway(config);
  } catch (err) {
    releaseLock();
    throw err;
  }
  const closeGateway = gateway.close;
  gateway.close = async () => {
    try {
      await closeGateway();
    } finally {
      releaseLock();
    }
  };
  process.once('exit', releaseLock);
  const boot = await bootstrapStore(gateway.services.db, config.bootstrap.admin_key);
  const address = await gateway.app.listen({ host: config.server.host, port: config.server.port, backlog: LISTEN_BACKLOG });
  const base = config.server.public_url ?? address.replace('://[::1]', '://localhost');
  printBanner(out, base, boot.adminKey, boot.projectKey, config);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    out(`nextmodel: ${signal} received, draining in-flight requests (up to ${config.server.drain_timeout_ms} ms)…`);
    const timer = setTimeout(() => {
      out('nextmodel: drain timeout reached, exiting');
      process.exit(1);
    }, config.server.drain_timeout_ms);
    timer.unref();
    gateway
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return gateway;
}

/** One server per SQLite file (db/serve-lock.ts); PostgreSQL takes any number of replicas. */
function lockSqliteStore(config: Config): () => void {
  const url = resolveDatabaseUrl(config.storage.database_url, config.storage.data_dir);
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return () => {};
  return acquireServeLock(resolve(url.slice('sqlite:'.length)));
}

export function printBanner(out: (line: string) => void, base: string, adminKey: string | null, projectKey: string | null, config: Config): void {
  out(`NextModel gateway listening on ${base}`);
  out(`  dashboard: ${base}/dashboard   store: ${config.storage.database_url ?? `sqlite in ${config.storage.data_dir}`}`);
  if (adminKey || projectKey) {
    out('');
    out('First start: these keys are shown ONCE. Store them now.');
    if (adminKey) out(`  admin key:   ${adminKey}`);
    if (projectKey) out(`  project key: ${projectKey}`);
    out('');
    out('Try it (offline sandbox model, no provider credentials needed):');
    out(`  curl ${base}/v1/chat/completions \\`);
    out(`    -H "Authorization: Bearer ${projectKey ?? '<your project key>'}" \\`);
    out(`    -H "Content-Type: application/json" \\`);
    out(`    -d '{"model":"sandbox-echo","messages":[{"role":"user","content":"Namaste!"}]}'`);
    out('');
  }
  // Always the last banner line, so scripts and tests watching stdout know the banner is complete.
  out('Ready. Press Ctrl+C to stop.');
}
