import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bootstrapStore } from '../../src/bootstrap/first-start.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/config-schema.js';
import { createGateway, type Gateway } from '../../src/create-gateway.js';
import type { Logger as PinoLogger } from 'pino';
import { testDatabase } from './test-store.js';

/**
 * A real gateway for tests: real SQLite in a temp dir (or a fresh PostgreSQL schema with
 * NEXTMODEL_TEST_STORE=postgres), real HTTP listener on loopback, first-start
 * bootstrap done, config from the same loader `serve` uses.
 */
export interface TestGateway {
  baseUrl: string;
  adminKey: string;
  projectKey: string;
  projectId: string;
  gateway: Gateway;
  dataDir: string;
  config: Config;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Reuse a data dir (restart tests); it is then left in place on close. */
  dataDir?: string;
  log?: PinoLogger;
}

export async function startTestGateway(overrides: Record<string, unknown> = {}, env: Record<string, string> = {}, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'nextmodel-test-'));
  const database = await testDatabase(dataDir);
  const config = loadConfig({
    env: { ...env },
    overrides: {
      ...overrides,
      server: { host: '127.0.0.1', port: 0, log_level: 'silent', ...(overrides.server as object | undefined) },
      storage: { data_dir: dataDir, ...(database.url ? { database_url: database.url } : {}), ...(overrides.storage as object | undefined) },
    },
  });
  const gateway = await createGateway(config, { defaultMetrics: false, ...(options.log ? { log: options.log } : {}) });
  const boot = await bootstrapStore(gateway.services.db, null);
  const firstKeys = options.dataDir ? await existingKeys(gateway) : null;
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = gateway.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey: boot.adminKey ?? firstKeys?.adminKey ?? '',
    projectKey: boot.projectKey ?? firstKeys?.projectKey ?? '',
    projectId: boot.projectId ?? firstKeys?.projectId ?? '',
    gateway,
    dataDir,
    config,
    close: async () => {
      await gateway.close();
      if (!options.dataDir) {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * On a restart the bootstrap prints nothing; tests that restart create their own keys and pass
 * them via `rememberKeys`, read back here.
 */
const remembered = new Map<string, { adminKey: string; projectKey: string; projectId: string }>();
export function rememberKeys(tg: TestGateway): void {
  remembered.set(tg.dataDir, { adminKey: tg.adminKey, projectKey: tg.projectKey, projectId: tg.projectId });
}
async function existingKeys(gateway: Gateway) {
  return remembered.get(gateway.services.config.storage.data_dir) ?? null;
}

/** Admin API helper. */
export async function adminCall(tg: TestGateway, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${tg.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${tg.adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}
