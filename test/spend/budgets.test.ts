import OpenAI from 'openai';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { promptTokenUpperBound, worstCaseListCostUinr } from '../../src/spend/worst-case-cost.js';
import { MockUpstream } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** Budgets: reservation before the call, settlement with the receipt, alerts (SPEC §7). */

const MODEL = 'gpt-5.5';
const MAX_TOKENS = 50;
let mock: MockUpstream;
let tg: TestGateway;
let hook: Server;
const hookCalls: Array<{ body: string; signature: string | undefined; status: number }> = [];
let hookFailuresLeft = 1;

beforeAll(async () => {
  // The mock reports exactly the worst case the gateway reserves, so reservations equal charges.
  mock = new MockUpstream((req) => {
    const body = req.json as { messages: OpenAI.ChatCompletionMessageParam[] };
    const prompt = promptTokenUpperBound({ model: MODEL, messages: body.messages } as never);
    return { kind: 'json', body: completionJson(req, { content: 'ok', usage: { prompt_tokens: prompt, completion_tokens: MAX_TOKENS } }) };
  });
  const url = await mock.start();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = hookFailuresLeft-- > 0 ? 500 : 204;
      hookCalls.push({ body, signature: req.headers['x-nextmodel-signature'] as string | undefined, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
  tg = await startTestGateway({ providers: { openai: { api_key: 'sk-test-budget-0000000000', base_url: url } }, alerts: { webhook_url: hookUrl, webhook_secret: 'whsec_test' } });
});
afterAll(async () => {
  await tg?.close();
  await mock?.stop();
  await new Promise<void>((r) => hook.close(() => r()));
});

async function newProjectKey(name: string) {
  const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name });
  const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
  return { projectId: project.json.id as string, client: new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 }) };
}

const fmt = (u: bigint) => `${u / 1_000_000n}.${(u % 1_000_000n).toString().padStart(6, '0')}`;

describe('hard budgets', () => {
  it('200 concurrent requests against a budget that covers 50: exactly 50 served, 150 × 402, never overspent, ledger = receipts', async () => {
    const { projectId, client } = await newProjectKey('hard-budget');
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'budget probe' }];
    const catalog = Catalog.loadDefault();
    const perRequest = worstCaseListCostUinr({ model: MODEL, messages, max_tokens: MAX_TOKENS } as never, catalog.resolve(MODEL)!, { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version });
    const budget = BigInt(perRequest) * 50n;
    expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { daily_inr: fmt(budget), mode: 'hard' } })).status).toBe(200);

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client.chat.completions
          .create({ model: MODEL, messages, max_tokens: MAX_TOKENS }, { headers: { 'x-nextmodel-cache': 'off', 'x-nextmodel-tags': `n${i}` } })
          .then(() => 200)
          .catch((e: InstanceType<typeof OpenAI.APIError>) => {
            expect(e.code).toBe('budget_exceeded');
            return e.status ?? 0;
          }),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(50);
    expect(results.filter((s) => s === 402)).toHaveLength(150);

    const db = tg.gateway.services.db;
    const sum = await db.selectFrom('receipts').select(sql<number>`sum(charged_uinr)`.as('s')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    expect(BigInt(Number(sum.s))).toBeLessThanOrEqual(budget);
    expect(BigInt(Number(sum.s))).toBe(BigInt(perRequest) * 50n);
    const counter = await db.selectFrom('spend_counters').selectAll().where('scope_kind', '=', 'project').where('scope_id', '=', projectId).executeTakeFirstOrThrow();
    expect(Number(counter.spent_uinr)).toBe(Number(sum.s));
    expect(Number(counter.reserved_uinr)).toBe(0);
    expect(await db.selectFrom('spend_reservations').select('id').execute()).toEqual([]);
    // The refused requests have zero-charge receipts with the 402.
    const refused = await db.selectFrom('receipts').select(['charged_uinr']).where('project_id', '=', projectId).where('status', '=', 402).execute();
    expect(refused).toHaveLength(150);
    expect(refused.every((r) => Number(r.charged_uinr) === 0)).toBe(true);
  });

  it('concurrent cache replays against a budget that covers 20 of them: exactly 20 served, never overspent, no reservations', async () => {
    const { projectId, client } = await newProjectKey('replay-budget');
    const req = { model: MODEL, messages: [{ role: 'user' as const, content: 'replay under a budget' }], max_tokens: MAX_TOKENS };
    await client.chat.completions.create(req);
    await client.chat.completions.create(req);
    const db = tg.gateway.services.db;
    const replay = await db.selectFrom('receipts').select('charged_uinr').where('project_id', '=', projectId).where('serve_mode', '=', 'exact_cache').executeTakeFirstOrThrow();
    const perReplay = BigInt(Number(replay.charged_uinr));
    expect(perReplay).toBeGreaterThan(0n);
    const spent = await db.selectFrom('receipts').select(sql<number>`sum(charged_uinr)`.as('s')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    const budget = BigInt(Number(spent.s)) + perReplay * 20n;
    expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { monthly_inr: fmt(budget), mode: 'hard' } })).status).toBe(200);

    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        client.chat.completions
          .create(req)
          .withResponse()
          .then(({ response }) => response.headers.get('x-nextmodel-cache'))
          .catch((e: InstanceType<typeof OpenAI.APIError>) => String(e.status)),
      ),
    );
    expect(results.filter((s) => s === 'HIT')).toHaveLength(20);
    expect(results.filter((s) => s === '402')).toHaveLength(40);
    const sum = await db.selectFrom('receipts').select(sql<number>`sum(charged_uinr)`.as('s')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    expect(BigInt(Number(sum.s))).toBe(budget);
    const counter = await db.selectFrom('spend_counters').selectAll().where('scope_kind', '=', 'project').where('scope_id', '=', projectId).executeTakeFirstOrThrow();
    expect(Number(counter.spent_uinr)).toBe(Number(sum.s));
    expect(Number(counter.reserved_uinr)).toBe(0);
  });

  it('fresh calls and cache replays racing for one budget: never overspent, ledger = receipts, nothing left held', async () => {
    const { projectId, client } = await newProjectKey('mixed-budget');
    const cached = { model: MODEL, messages: [{ role: 'user' as const, content: 'mixed replay' }], max_tokens: MAX_TOKENS };
    await client.chat.completions.create(cached);
    await client.chat.completions.create(cached);
    const db = tg.gateway.services.db;
    const replay = await db.selectFrom('receipts').select('charged_uinr').where('project_id', '=', projectId).where('serve_mode', '=', 'exact_cache').executeTakeFirstOrThrow();
    const fresh = await db.selectFrom('receipts').select('charged_uinr').where('project_id', '=', projectId).where('serve_mode', '=', 'fresh').executeTakeFirstOrThrow();
    const spent = await db.selectFrom('receipts').select(sql<number>`sum(charged_uinr)`.as('s')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    // Room for 10 fresh calls and 10 replays; 40 of each ask.
    const budget = BigInt(Number(spent.s)) + BigInt(Number(fresh.charged_uinr)) * 10n + BigInt(Number(replay.charged_uinr)) * 10n;
    expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { monthly_inr: fmt(budget), mode: 'hard' } })).status).toBe(200);

    const status = (p: Promise<unknown>) => p.then(() => 200).catch((e: InstanceType<typeof OpenAI.APIError>) => e.status ?? 0);
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        i % 2 === 0
          ? status(client.chat.completions.create(cached))
          : status(client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `mixed fresh ${i}` }], max_tokens: MAX_TOKENS })),
      ),
    );
    expect(results.every((s) => s === 200 || s === 402)).toBe(true);
    expect(results.filter((s) => s === 402).length).toBeGreaterThan(0);
    const sum = await db.selectFrom('receipts').select(sql<number>`sum(charged_uinr)`.as('s')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
    expect(BigInt(Number(sum.s))).toBeLessThanOrEqual(budget);
    const counter = await db.selectFrom('spend_counters').selectAll().where('scope_kind', '=', 'project').where('scope_id', '=', projectId).where('period', 'like', 'm:%').executeTakeFirstOrThrow();
    expect(Number(counter.spent_uinr)).toBe(Number(sum.s));
    expect(Number(counter.reserved_uinr)).toBe(0);
    expect(tg.gateway.services.reservations?.size ?? 0).toBe(0);
  });

  it('a receipt that fails to commit releases what its request held: the budget is whole for the next request (SQLite)', async (ctx) => {
    const sqlite = tg.gateway.database.sqlite;
    if (!sqlite) ctx.skip();
    const { projectId, client } = await newProjectKey('failed-commit');
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'commit fails' }];
    const catalog = Catalog.loadDefault();
    const perRequest = worstCaseListCostUinr({ model: MODEL, messages, max_tokens: MAX_TOKENS } as never, catalog.resolve(MODEL)!, { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version });
    // Room for exactly one request: a reservation leaked by the failed one would refuse the next.
    expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { daily_inr: fmt(BigInt(perRequest)), mode: 'hard' } })).status).toBe(200);
    // A real storage failure, from SQLite itself: this project's receipts cannot be inserted.
    sqlite!.exec(`create trigger fail_receipts before insert on receipts when new.project_id = '${projectId}' begin select raise(abort, 'injected receipt failure'); end`);
    try {
      await expect(client.chat.completions.create({ model: MODEL, messages, max_tokens: MAX_TOKENS }, { headers: { 'x-nextmodel-cache': 'off' } })).rejects.toMatchObject({ status: 500 });
      expect(tg.gateway.services.reservations!.size).toBe(0);
    } finally {
      sqlite!.exec('drop trigger fail_receipts');
    }
    const ok = await client.chat.completions.create({ model: MODEL, messages, max_tokens: MAX_TOKENS }, { headers: { 'x-nextmodel-cache': 'off' } });
    expect(ok.choices[0]!.message.content).toBe('ok');
  });

  it('a budget set mid-period counts what was already spent', async () => {
    const { projectId, client } = await newProjectKey('late-budget');
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'before the budget' }], max_tokens: MAX_TOKENS });
    const spent = await tg.gateway.services.db.selectFrom('receipts').select('charged_uinr').where('project_id', '=', projectId).executeTakeFirstOrThrow();
    // A budget of exactly what was spent leaves nothing for the next request.
    await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { monthly_inr: fmt(BigInt(Number(spent.charged_uinr))), mode: 'hard' } });
    await expect(client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'after' }], max_tokens: MAX_TOKENS })).rejects.toMatchObject({ status: 402, code: 'budget_exceeded' });
  });

  it('key and team budgets apply too, and cache replays are charged against them', async () => {
    const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name: 'budget-team' });
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'team-budget', team_id: team.json.id });
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const client = new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const req = { model: MODEL, messages: [{ role: 'user' as const, content: 'replay me' }], max_tokens: MAX_TOKENS };
    await client.chat.completions.create(req);
    const spent = await tg.gateway.services.db.selectFrom('receipts').select('charged_uinr').where('project_id', '=', project.json.id).executeTakeFirstOrThrow();
    await adminCall(tg, 'PATCH', `/v1/admin/teams/${team.json.id}`, { budget: { daily_inr: fmt(BigInt(Number(spent.charged_uinr))), mode: 'hard' } });
    // Even a 90%-discounted replay does not fit a fully spent team budget.
    await expect(client.chat.completions.create(req)).rejects.toMatchObject({ status: 402 });
    await adminCall(tg, 'PATCH', `/v1/admin/teams/${team.json.id}`, { budget: null });
    await adminCall(tg, 'PATCH', `/v1/admin/keys/${key.json.id}`, { budget: { daily_inr: '0', mode: 'hard' } });
    await expect(client.chat.completions.create(req)).rejects.toMatchObject({ status: 402 });
  });
});

describe('soft budgets and alerts', () => {
  it('never refuses, fires 50/80/100% alerts exactly once each, logs them and calls the signed webhook with retries', async () => {
    const { projectId, client } = await newProjectKey('soft-budget');
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'soft' }];
    const catalog = Catalog.loadDefault();
    const perRequest = worstCaseListCostUinr({ model: MODEL, messages, max_tokens: MAX_TOKENS } as never, catalog.resolve(MODEL)!, { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version });
    await adminCall(tg, 'PATCH', `/v1/admin/projects/${projectId}`, { budget: { monthly_inr: fmt(BigInt(perRequest) * 10n), mode: 'soft' } });
    for (let i = 0; i < 12; i++) {
      await client.chat.completions.create({ model: MODEL, messages, max_tokens: MAX_TOKENS }, { headers: { 'x-nextmodel-cache': 'off' } });
    }
    const alerts = await tg.gateway.services.db.selectFrom('budget_alerts').selectAll().where('scope_id', '=', projectId).orderBy('threshold_pct').execute();
    expect(alerts.map((a) => a.threshold_pct)).toEqual([50, 80, 100]);
    await tg.gateway.services.alerts.idle();
    const delivered = hookCalls.filter((c) => c.body.includes(projectId));
    // The first delivery attempt got a 500 and was retried.
    expect(delivered.filter((c) => c.status === 204).map((c) => JSON.parse(c.body).threshold_pct).sort((a: number, b: number) => a - b)).toEqual([50, 80, 100]);
    for (const c of delivered) expect(c.signature).toBe(`sha256=${createHmac('sha256', 'whsec_test').update(c.body).digest('hex')}`);
    expect(hookCalls.some((c) => c.status === 500)).toBe(true);
  });
});
