import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bootstrapStore } from '../../src/bootstrap/first-start.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/config-schema.js';
import { createGateway, type Gateway } from '../../src/create-gateway.js';

/**
 * A real gateway for tests: real SQLite in a temp dir, real HTTP listener on loopback, first-start
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

export async function startTestGateway(overrides: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nextmodel-test-'));
  const config = loadConfig({
    env: { ...env },
    overrides: {
      ...overrides,
      server: { host: '127.0.0.1', port: 0, log_level: 'silent', ...(overrides.server as object | undefined) },
      storage: { data_dir: dataDir, ...(overrides.storage as object | undefined) },
    },
  });
  const gateway = await createGateway(config, { defaultMetrics: false });
  const boot = await bootstrapStore(gateway.services.db, null);
  await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = gateway.app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey: boot.adminKey!,
    projectKey: boot.projectKey!,
    projectId: boot.projectId!,
    gateway,
    dataDir,
    config,
    close: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
