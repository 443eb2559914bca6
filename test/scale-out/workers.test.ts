import OpenAI from 'openai';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/open-database.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { promptTokenUpperBound, worstCaseListCostUinr } from '../../src/spend/worst-case-cost.js';
import { cliEnv, runCli, startServe, tempDataDir, type ServeProcess } from '../support/cli-process.js';
import { MockUpstream } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { TEST_POSTGRES_URL } from '../support/test-store.js';
import { fleetServicesAvailable, TEST_REDIS_URL } from './fleet.js';

/**
 * `nextmodel serve --workers 2` (issue 7's multi-core mode): the real binary, two worker
 * processes on one port over PostgreSQL + Redis. Both workers serve, a hard budget holds across
 * them, a dead worker is replaced, SIGTERM drains them all; a SQLite store refuses workers.
 */

const unavailable = await fleetServicesAvailable();
if (unavailable) {
  if (process.env.CI) throw new Error(`workers suite needs PostgreSQL and Redis under CI: ${unavailable}`);
  console.warn(`[skip] workers suite: ${unavailable}`);
}

const MODEL = 'gpt-5.5';
const MAX_TOKENS = 40;
let mock: MockUpstream;
let serve: ServeProcess;
let dataDir: string;
let schema: string;
let admin: OpenedDatabase;
let store: OpenedDatabase;
let env: NodeJS.ProcessEnv;

/** A process's children (Linux), and its CPU time in clock ticks. */
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime are fields 14 and 15 of stat; after the ") " they are at 11 and 12.
  return Number(fields[11]) + Number(fields[12]);
}

/** Resolves when `text` appears in the server's stdout (it only grows). */
function outputLine(text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!serve.output().includes(text)) return false;
      serve.child.stdout!.off('data', check);
      resolve();
      return true;
    };
    if (!check()) serve.child.stdout!.on('data', check);
  });
}

describe.skipIf(unavailable !== null)('serve --workers 2 on PostgreSQL + Redis', () => {
  beforeAll(async () => {
    mock = new MockUpstream((req) => {
      const body = req.json as { messages: OpenAI.ChatCompletionMessageParam[] };
      const prompt = promptTokenUpperBound({ model: MODEL, messages: body.messages } as never);
      return { kind: 'json', body: completionJson(req, { content: 'ok', usage: { prompt_tokens: prompt, completion_tokens: MAX_TOKENS } }) };
    });
    const upstream = await mock.start();
    schema = `nmworkers_${randomBytes(6).toString('hex')}`;
    admin = await openDatabase(TEST_POSTGRES_URL);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    const databaseUrl = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    dataDir = tempDataDir();
    env = cliEnv(dataDir, {
      NEXTMODEL_WORKERS: '2',
      NEXTMODEL_DATABASE_URL: databaseUrl,
      NEXTMODEL_REDIS_URL: TEST_REDIS_URL,
      NEXTMODEL_MASTER_KEY: randomBytes(32).toString('hex'),
      OPENAI_API_KEY: 'sk-test-workers-00000000000',
      OPENAI_BASE_URL: upstream,
    });
    serve = await startServe(env, 40_000);
    store = await openDatabase(databaseUrl);
  }, 60_000);
  afterAll(async () => {
    if (serve) expect((await serve.stop()).code).toBe(0);
    await store?.close();
    if (admin) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    }
    await mock?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const client = () => new OpenAI({ apiKey: serve.banner.projectKey!, baseURL: `${serve.banner.url}/v1`, maxRetries: 0 });
  const adminFetch = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${serve.banner.url}${path}`, { method, headers: { authorization: `Bearer ${serve.banner.adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('the primary forks two workers and both serve requests on the one port', async () => {
    const workers = childrenOf(serve.child.pid!);
    expect(workers).toHaveLength(2);
    const before = workers.map(cpuTicks);
    const c = client();
    await Promise.all(Array.from({ length: 300 }, (_, i) => c.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: `spread ${i}` }] }, { headers: { connection: 'close' } })));
    const used = workers.map((pid, i) => cpuTicks(pid) - before[i]!);
    // Each worker did real work (a tick is 10 ms): connections went to both, not one.
    for (const ticks of used) expect(ticks).toBeGreaterThan(2);
  });

  it('a hard budget holds across the workers: 200 concurrent requests, budget for 50 → exactly 50 served, ledger = receipts', async () => {
    const project = await adminFetch('POST', '/v1/admin/projects', { name: 'workers-budget' });
    const key = await adminFetch('POST', '/v1/admin/keys', { project_id: project.json.id });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'budget across workers' }];
    const catalog = Catalog.loadDefault();
    const perRequest = worstCaseListCostUinr({ model: MODEL, messages, max_tokens: MAX_TOKENS } as never, catalog.resolve(MODEL)!, { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version });
    const budget = BigInt(perRequest) * 50n;
    const inr = `${budget / 1_000_000n}.${(budget % 1_000_000n).toString().padStart(6, '0')}`;
    expect((await adminFetch('PATCH', `/v1/admin/projects/${project.json.id as string}`, { budget: { daily_inr: inr, mode: 'hard' } })).status).toBe(200);
    const c = new OpenAI({ apiKey: key.json.key as string, baseURL: `${serve.banner.url}/v1`, maxRetries: 0 });
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        c.chat.completions
          .create({ model: MODEL, messages, max_tokens: MAX_TOKENS }, { headers: { 'x-nextmodel-cache': 'off', 'x-nextmodel-tags': `w${i}` } })
          .then(() => 200)
          .catch((e: InstanceType<typeof OpenAI.APIError>) => e.status ?? 0),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 402)).toHaveLength(150);
    const sum = await store.db.selectFrom('receipts').select(sql<string>`sum(charged_uinr)`.as('s')).where('project_id', '=', project.json.id as string).executeTakeFirstOrThrow();
    expect(BigInt(sum.s)).toBe(budget);
    const counter = await store.db.selectFrom('spend_counters').selectAll().where('scope_kind', '=', 'project').where('scope_id', '=', project.json.id as string).executeTakeFirstOrThrow();
    expect(BigInt(counter.spent_uinr)).toBe(budget);
    expect(Number(counter.reserved_uinr)).toBe(0);
  });

  it('a worker that dies is replaced, and the port keeps serving', async () => {
    const [victim] = childrenOf(serve.child.pid!);
    const replaced = outputLine(`worker ${victim} exited (SIGKILL); starting a new one`);
    process.kill(victim!, 'SIGKILL');
    await replaced;
    const c = client();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => c.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: `after ${i}` }] })));
    expect(answers.every((a) => a.choices[0]!.message.content === `[sandbox] Echo: after ${answers.indexOf(a)}`)).toBe(true);
    const now = childrenOf(serve.child.pid!);
    expect(now).not.toContain(victim);
  });

  it('gives up after workers keep dying (here: the port is taken) and exits 1, saying why', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    try {
      const port = (squatter.address() as AddressInfo).port;
      const r = await runCli(['serve', '--port', String(port)], { ...env, NEXTMODEL_WORKERS: '2' }, 60_000);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('workers keep exiting');
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 70_000);
});

describe('serve --workers on a SQLite store', () => {
  it('refuses with exit code 2 and says what workers need', async () => {
    const dir = tempDataDir();
    try {
      const r = await runCli(['serve', '--workers', '2'], cliEnv(dir));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('needs PostgreSQL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
