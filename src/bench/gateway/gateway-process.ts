import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { bootstrapStore } from '../../bootstrap/first-start.js';
import { loadConfig } from '../../config/load-config.js';
import { createGateway, type Gateway } from '../../create-gateway.js';
import { reportStartFailure, selfSample, serveParent } from './bench-ipc.js';
import { rebuildUsageRollup } from '../../usage/usage-rollup.js';
import { receiptCount, seedReceipts } from './seed-receipts.js';
import { ungovern } from './ungoverned.js';
import { LISTEN_BACKLOG } from '../../serve.js';

/**
 * Child-process entry: a real gateway as `nextmodel serve` builds it (createGateway, first-start
 * bootstrap, fresh SQLite data dir), pointed at the bench mock, on a loopback port. The bench
 * project gets a rate limit and (governed) a hard monthly budget, so every request runs auth,
 * limits, budget reservation, cache lookup, receipt signing and storage.
 *
 * Environment (bench only): NEXTMODEL_BENCH_UPSTREAM = the mock's OpenAI base URL;
 * NEXTMODEL_BENCH_GOVERNANCE=off = no receipts, signing or budgets (see ungoverned.ts).
 */

const BENCH_PROVIDER_KEY = 'sk-bench-upstream-0000000000000000';

async function configureProject(gateway: Gateway, adminKey: string, projectId: string, governed: boolean): Promise<void> {
  const res = await gateway.app.inject({
    method: 'PATCH',
    url: `/v1/admin/projects/${projectId}`,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    payload: {
      // Far above what the bench sends: the limits run on every request but never refuse one.
      rate_limit: { rpm: 10_000_000, tpm: 10_000_000_000 },
      ...(governed ? { budget: { monthly_inr: '10000000', mode: 'hard' } } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`configuring the bench project failed: HTTP ${res.statusCode} ${res.body}`);
}

async function main(): Promise<void> {
  const upstream = process.env.NEXTMODEL_BENCH_UPSTREAM;
  if (!upstream) throw new Error('NEXTMODEL_BENCH_UPSTREAM is not set');
  const governed = process.env.NEXTMODEL_BENCH_GOVERNANCE !== 'off';
  const dataDir = mkdtempSync(join(tmpdir(), 'nextmodel-bench-gateway-'));
  const config = loadConfig({
    env: {},
    overrides: {
      server: { host: '127.0.0.1', port: 0, log_level: 'warn' },
      storage: { data_dir: dataDir },
      providers: { openai: { api_key: BENCH_PROVIDER_KEY, base_url: upstream } },
    },
  });
  const gateway = await createGateway(config);
  const boot = await bootstrapStore(gateway.services.db, null);
  if (!boot.adminKey || !boot.projectKey || !boot.projectId) throw new Error('bootstrap of a fresh data dir created no keys');
  await configureProject(gateway, boot.adminKey, boot.projectId, governed);
  if (!governed) ungovern(gateway.services);
  await gateway.app.listen({ host: '127.0.0.1', port: 0, backlog: LISTEN_BACKLOG });
  const { port } = gateway.app.server.address() as AddressInfo;
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', cleanUp);
  const sqlite = gateway.database.sqlite;
  if (!sqlite) throw new Error('the bench gateway runs on SQLite');
  // Count statements as they execute (prepared ones may be reused): every run/get/all/iterate.
  // In a CPU profile, SQLite's own (native) time shows under this wrapper's name.
  let statements = 0;
  const statementMethods = (sqlite.prepare('SELECT 1').constructor as { prototype: Record<string, unknown> }).prototype;
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const method = statementMethods[name] as (...args: unknown[]) => unknown;
    statementMethods[name] = function executeSqliteStatement(this: unknown, ...args: unknown[]) {
      statements++;
      return method.apply(this, args);
    };
  }
  serveParent({ port, info: { projectKey: boot.projectKey, governed: String(governed) } }, async (req) => {
    switch (req.type) {
      case 'sample':
        return selfSample({ receipts: receiptCount(sqlite), sqlStatements: statements });
      case 'mode':
        throw new Error('the gateway has no bench modes');
      case 'seed-receipts': {
        const seeded = seedReceipts(sqlite, req.count);
        // Keep the store whole: the daily usage rollup equals the receipts, copies included (the
        // ungoverned gateway keeps neither).
        if (governed) await rebuildUsageRollup(gateway.services.db);
        return seeded;
      }
      case 'stop':
        await gateway.close();
        return null;
      default: {
        const unreachable: never = req;
        return unreachable;
      }
    }
  });
}

main().catch(reportStartFailure);
