import OpenAI from 'openai';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { promptTokenUpperBound, worstCaseListCostUinr } from '../../src/spend/worst-case-cost.js';
import { MockUpstream } from '../support/mock-upstream.js';
import { completionJson } from '../support/openai-responder.js';
import { adminCall } from '../support/test-gateway.js';
import { fleetServicesAvailable, startFleet, type Fleet } from './fleet.js';

/** Three stateless replicas on one PostgreSQL and one Redis (SPEC §14, issue 11). */

const unavailable = await fleetServicesAvailable();
if (unavailable) {
  if (process.env.CI) throw new Error(`scale-out suite needs PostgreSQL and Redis under CI: ${unavailable}`);
  console.warn(`[skip] scale-out suite: ${unavailable}`);
}

const MODEL = 'gpt-5.5';
const MAX_TOKENS = 40;
let fleet: Fleet;
let mock: MockUpstream;
let gate: Promise<void> | null = null;

describe.skipIf(unavailable !== null)('fleet of three replicas', () => {
  beforeAll(async () => {
    mock = new MockUpstream(async (req) => {
      if (gate) await gate;
      const body = req.json as { messages: OpenAI.ChatCompletionMessageParam[] };
      const prompt = promptTokenUpperBound({ model: MODEL, messages: body.messages } as never);
      return { kind: 'json', body: completionJson(req, { content: `answer ${mock.requests.length}`, usage: { prompt_tokens: prompt, completion_tokens: MAX_TOKENS } }) };
    });
    const url = await mock.start();
    fleet = await startFleet(3, { providers: { openai: { api_key: 'sk-test-fleet-000000000000', base_url: url } } });
  });
  afterAll(async () => {
    await fleet?.close();
    await mock?.stop();
  });

  const client = (i: number, key = fleet.replicas[0]!.projectKey) => new OpenAI({ apiKey: key, baseURL: `${fleet.replicas[i]!.baseUrl}/v1`, maxRetries: 0 });
  const ask = (c: OpenAI, content: string, headers: Record<string, string> = {}) =>
    c.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }], max_tokens: MAX_TOKENS }, { headers }).withResponse();

  async function project(name: string) {
    const a = fleet.replicas[0]!;
    const p = await adminCall(a, 'POST', '/v1/admin/projects', { name });
    const k = await adminCall(a, 'POST', '/v1/admin/keys', { project_id: p.json.id });
    return { id: p.json.id as string, key: k.json.key as string, keyId: k.json.id as string };
  }

  it('a hit stored through replica A is served by replica B', async () => {
    const first = await ask(client(0), 'shared cache question');
    const second = await ask(client(1), 'shared cache question');
    expect(first.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(second.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    expect(second.data.choices[0]!.message.content).toBe(first.data.choices[0]!.message.content);
  });

  it('the Redis tier serves hits between replicas, and a tampered Redis entry is caught by the receipt check', async () => {
    await ask(client(0), 'redis tier question');
    const db = fleet.replicas[0]!.gateway.services.db;
    const row = await db.selectFrom('cache_entries').select(['key_hash']).where('canonical_request', 'like', '%redis tier question%').executeTakeFirstOrThrow();
    await db.deleteFrom('cache_entries').where('key_hash', '=', row.key_hash).execute();
    const viaRedis = await ask(client(1), 'redis tier question');
    expect(viaRedis.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    const redis = fleet.replicas[2]!.gateway.services.redis!.client;
    const stored = JSON.parse((await redis.get(`nm:cache:${row.key_hash}`))!);
    stored.payload.choices[0].message.content = 'TAMPERED';
    await redis.set(`nm:cache:${row.key_hash}`, JSON.stringify(stored));
    const res = await ask(client(2), 'redis tier question');
    expect(res.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(res.data.choices[0]!.message.content).not.toBe('TAMPERED');
  });

  it('a key revoked through A is refused by C on the next request', async () => {
    const p = await project('revoke-fleet');
    await ask(client(2, p.key), 'before revoke');
    expect((await adminCall(fleet.replicas[0]!, 'DELETE', `/v1/admin/keys/${p.keyId}`)).status).toBe(200);
    await expect(ask(client(2, p.key), 'after revoke')).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('300 concurrent requests over the replicas against a hard budget covering 100 never overspend', async () => {
    const p = await project('fleet-budget');
    const catalog = Catalog.loadDefault();
    const messages = [{ role: 'user' as const, content: 'budget fleet' }];
    const per = worstCaseListCostUinr({ model: MODEL, messages, max_tokens: MAX_TOKENS } as never, catalog.resolve(MODEL)!, { usd_inr: 88, cny_inr: 12.4, catalog_version: catalog.version });
    const budget = BigInt(per) * 100n;
    const fmt = (u: bigint) => `${u / 1_000_000n}.${(u % 1_000_000n).toString().padStart(6, '0')}`;
    await adminCall(fleet.replicas[0]!, 'PATCH', `/v1/admin/projects/${p.id}`, { budget: { daily_inr: fmt(budget), mode: 'hard' } });
    const statuses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => ask(client(i % 3, p.key), 'budget fleet', { 'x-nextmodel-cache': 'off' }).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 402)).toHaveLength(200);
    const db = fleet.replicas[1]!.gateway.services.db;
    const sum = await db.selectFrom('receipts').select(sql<number>`coalesce(sum(charged_uinr), 0)`.as('s')).where('project_id', '=', p.id).executeTakeFirstOrThrow();
    expect(BigInt(Number(sum.s))).toBeLessThanOrEqual(budget);
    const counter = await db.selectFrom('spend_counters').selectAll().where('scope_id', '=', p.id).executeTakeFirstOrThrow();
    expect(Number(counter.spent_uinr)).toBe(Number(sum.s));
    expect(Number(counter.reserved_uinr)).toBe(0);
  });

  it('rate limits hold fleet-wide', async () => {
    const p = await project('fleet-rpm');
    await adminCall(fleet.replicas[0]!, 'PATCH', `/v1/admin/projects/${p.id}`, { rate_limit: { rpm: 30 } });
    const statuses = await Promise.all(Array.from({ length: 90 }, (_, i) => ask(client(i % 3, p.key), `rpm ${i}`).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60);
  });

  it('identical concurrent requests across replicas make one upstream call', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    const before = mock.requests.length;
    const pending = Array.from({ length: 30 }, (_, i) => ask(client(i % 3), 'herd across replicas'));
    // Every replica's local followers wait on its leader; the other replicas' leaders wait on Redis.
    await vi.waitFor(() => {
      expect(mock.requests.length).toBe(before + 1);
      expect(fleet.replicas.reduce((n, r) => n + r.gateway.services.cache.followersWaiting, 0)).toBe(27);
    }, { timeout: 10_000 });
    release();
    gate = null;
    const done = await Promise.all(pending);
    expect(mock.requests.length).toBe(before + 1);
    expect(done.filter((d) => d.response.headers.get('x-nextmodel-serve-mode') === 'fresh')).toHaveLength(1);
  });

  it('readiness reports the database and Redis', async () => {
    const res = await fetch(`${fleet.replicas[2]!.baseUrl}/readyz`);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });
});
