import OpenAI from 'openai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sse } from '../support/mock-upstream.js';
import { completionJson, streamEvents } from '../support/openai-responder.js';
import { adminCall, rememberKeys, startTestGateway } from '../support/test-gateway.js';
import { getReceipt, MODEL, startCacheFixture, type CacheFixture } from './cache-fixture.js';

/** What must never be stored, what must be detected, and what must survive (SPEC §5). */

const logLines: string[] = [];
const log = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, cb) => (logLines.push(String(chunk)), cb()) }));

let f: CacheFixture;
let mode: 'ok' | 'http500' | 'cut' | 'slow' | 'content_filter' | 'bad_json' = 'ok';
let n = 0;

beforeAll(async () => {
  const { MockUpstream } = await import('../support/mock-upstream.js');
  const mock = new MockUpstream((req) => {
    n++;
    const body = req.json as { stream?: boolean };
    const script = { content: `answer #${n}`, usage: { prompt_tokens: 100, completion_tokens: 20 } };
    switch (mode) {
      case 'http500':
        return { kind: 'json', status: 500, body: { error: { message: 'upstream exploded' } } };
      case 'content_filter':
        return body.stream ? { kind: 'sse', events: streamEvents(req, { ...script, finishReason: 'content_filter' }) } : { kind: 'json', body: completionJson(req, { ...script, finishReason: 'content_filter' }) };
      case 'bad_json':
        return { kind: 'json', body: completionJson(req, { ...script, content: '{"name": "Asha", ' }) };
      case 'cut':
        return { kind: 'sse', events: streamEvents(req, script), cutAfter: 3 };
      case 'slow':
        return { kind: 'sse', events: streamEvents(req, { ...script, content: 'one two three four five six seven eight' }), delayMs: 30 };
      default:
        return body.stream ? { kind: 'sse', events: streamEvents(req, script) } : { kind: 'json', body: completionJson(req, script) };
    }
  });
  const url = await mock.start();
  f = await startCacheFixture({}, { mock, mockUrl: url, log });
});
afterAll(async () => {
  await f?.close();
  await f?.mock.stop();
});
beforeEach(() => {
  mode = 'ok';
});

const ask = (content: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) => ({ model: MODEL, messages: [{ role: 'user' as const, content }], ...extra });

async function expectFreshNext(content: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) {
  mode = 'ok';
  const calls = f.upstreamCalls();
  const res = await f.client.chat.completions.create(ask(content, extra)).withResponse();
  expect(res.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
  expect(f.upstreamCalls()).toBe(calls + 1);
}

describe('answers that are never stored', () => {
  it('upstream 500', async () => {
    mode = 'http500';
    await expect(f.client.chat.completions.create(ask('q500'))).rejects.toMatchObject({ status: 502 });
    await expectFreshNext('q500');
  });

  it('a stream cut mid-way ends with an error chunk and is not stored', async () => {
    mode = 'cut';
    let text = '';
    const stream = await f.client.chat.completions.create({ ...ask('qcut'), stream: true });
    // The SDK turns our final `error` chunk into a thrown APIError carrying its code.
    await expect(
      (async () => {
        for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toMatchObject({ code: 'upstream_error' });
    expect(text.length).toBeGreaterThan(0);
    await expectFreshNext('qcut');
  });

  it('a client abort mid-stream is not stored', async () => {
    mode = 'slow';
    const stream = await f.client.chat.completions.create({ ...ask('qabort'), stream: true });
    // Leaving the loop makes the SDK abort the HTTP request.
    for await (const c of stream) if (c.choices[0]?.delta.content) break;
    // The aborted request settles its receipt (status 499) — wait for that, not for a timer.
    await vi.waitFor(async () => {
      const rows = await f.tg.gateway.services.db.selectFrom('receipts').select('status').where('status', '=', 499).execute();
      expect(rows.length).toBeGreaterThan(0);
    });
    await expectFreshNext('qabort');
  });

  it('content_filter (JSON and stream)', async () => {
    mode = 'content_filter';
    await f.client.chat.completions.create(ask('qfilter'));
    for await (const _ of await f.client.chat.completions.create({ ...ask('qfilter2'), stream: true })) void _;
    await expectFreshNext('qfilter');
    await expectFreshNext('qfilter2');
  });

  it('invalid JSON under json_schema', async () => {
    mode = 'bad_json';
    const rf = { type: 'json_schema' as const, json_schema: { name: 'p', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } };
    await f.client.chat.completions.create(ask('qjson', { response_format: rf }));
    await expectFreshNext('qjson', { response_format: rf });
  });
});

describe('integrity, concurrency and durability', () => {
  it('detects a tampered database entry, serves fresh and logs it', async () => {
    await f.client.chat.completions.create(ask('tamper me'));
    const db = f.tg.gateway.services.db;
    const row = await db.selectFrom('cache_entries').select(['key_hash', 'payload_json']).orderBy('created_ms', 'desc').executeTakeFirstOrThrow();
    await db.updateTable('cache_entries').set({ payload_json: row.payload_json.replace(/answer #\d+/, 'answer #HACKED') }).where('key_hash', '=', row.key_hash).execute();
    f.tg.gateway.services.cache.clearMemory();
    logLines.length = 0;
    const calls = f.upstreamCalls();
    const res = await f.client.chat.completions.create(ask('tamper me')).withResponse();
    expect(res.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(res.data.choices[0]!.message.content).not.toContain('HACKED');
    expect(f.upstreamCalls()).toBe(calls + 1);
    expect(logLines.some((l) => l.includes('cache entry failed verification'))).toBe(true);
  });

  it('also detects a consistently edited entry (payload and its hash) against the signed receipt', async () => {
    await f.client.chat.completions.create(ask('tamper both'));
    const db = f.tg.gateway.services.db;
    const row = await db.selectFrom('cache_entries').selectAll().orderBy('created_ms', 'desc').executeTakeFirstOrThrow();
    const { payloadHash } = await import('../../src/cache/cache-entry.js');
    const payload = JSON.parse(row.payload_json.replace(/answer #\d+/, 'answer #FORGED'));
    await db.updateTable('cache_entries').set({ payload_json: JSON.stringify(payload), response_hash: payloadHash(payload) }).where('key_hash', '=', row.key_hash).execute();
    f.tg.gateway.services.cache.clearMemory();
    const res = await f.client.chat.completions.create(ask('tamper both')).withResponse();
    expect(res.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(res.data.choices[0]!.message.content).not.toContain('FORGED');
  });

  it('50 concurrent identical requests cause exactly one upstream call', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = f.mock;
    const calls = f.upstreamCalls();
    const handlerCalls: number[] = [];
    original.setHandler(async (req) => {
      handlerCalls.push(1);
      await gate;
      return { kind: 'json', body: completionJson(req, { content: 'coalesced answer', usage: { prompt_tokens: 10, completion_tokens: 3 } }) };
    });
    const results = Array.from({ length: 50 }, () => f.client.chat.completions.create(ask('thundering herd')).withResponse());
    await vi.waitFor(() => expect(f.tg.gateway.services.cache.followersWaiting).toBe(49), { timeout: 10_000 });
    release();
    const done = await Promise.all(results);
    expect(f.upstreamCalls()).toBe(calls + 1);
    expect(handlerCalls).toHaveLength(1);
    const modes = done.map((d) => d.response.headers.get('x-nextmodel-serve-mode'));
    expect(modes.filter((m) => m === 'fresh')).toHaveLength(1);
    expect(modes.filter((m) => m === 'exact_cache')).toHaveLength(49);
    expect(new Set(done.map((d) => d.data.choices[0]!.message.content))).toEqual(new Set(['coalesced answer']));
  });

  it('replays after a restart from the SQL store', async () => {
    const tg1 = await startTestGateway({ providers: { openai: { api_key: 'sk-test-restart-0000000000', base_url: `http://127.0.0.1:${new URL(f.tg.config.providers.openai!.base_url!).port}` } } });
    const dataDir = tg1.dataDir;
    const c1 = new OpenAI({ apiKey: tg1.projectKey, baseURL: `${tg1.baseUrl}/v1`, maxRetries: 0 });
    f.mock.setHandler((req) => ({ kind: 'json', body: completionJson(req, { content: 'durable answer' }) }));
    const first = await c1.chat.completions.create(ask('survive restart')).withResponse();
    rememberKeys(tg1);
    await tg1.gateway.close();
    const tg2 = await startTestGateway({ providers: { openai: { api_key: 'sk-test-restart-0000000000', base_url: tg1.config.providers.openai!.base_url! } } }, {}, { dataDir });
    try {
      const calls = f.upstreamCalls();
      const c2 = new OpenAI({ apiKey: tg2.projectKey, baseURL: `${tg2.baseUrl}/v1`, maxRetries: 0 });
      const second = await c2.chat.completions.create(ask('survive restart')).withResponse();
      expect(second.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
      expect(second.data.choices[0]!.message.content).toBe('durable answer');
      expect(f.upstreamCalls()).toBe(calls);
      const r = await getReceipt(tg2, second.response.headers.get('x-nextmodel-receipt-id'), tg2.projectKey);
      expect(r.cache.source_receipt_id).toBe(first.response.headers.get('x-nextmodel-receipt-id'));
    } finally {
      await tg2.close();
    }
  });
});

describe('controls, modes, TTLs and the canonical layer', () => {
  beforeEach(() => {
    f.mock.setHandler((req) => ({ kind: 'json', body: completionJson(req, { content: `answer #${++n}` }) }));
  });

  async function send(content: string, headers: Record<string, string> = {}, client = f.client) {
    return client.chat.completions.create(ask(content), { headers }).withResponse();
  }

  it('x-nextmodel-cache off / refresh and Cache-Control no-store / no-cache', async () => {
    await send('controls');
    expect((await send('controls', { 'x-nextmodel-cache': 'off' })).response.headers.get('x-nextmodel-cache')).toBe('BYPASS');
    expect((await send('controls', { 'cache-control': 'no-store' })).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    const refreshed = await send('controls', { 'x-nextmodel-cache': 'refresh' });
    expect(refreshed.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    const after = await send('controls');
    expect(after.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    expect(after.data.choices[0]!.message.content).toBe(refreshed.data.choices[0]!.message.content);
    const noCache = await send('controls', { 'cache-control': 'no-cache' });
    expect(noCache.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    await expect(send('controls', { 'x-nextmodel-cache': 'sometimes' })).rejects.toMatchObject({ status: 400, param: 'x-nextmodel-cache' });
    await expect(send('controls', { 'x-nextmodel-cache-ttl': '-5' })).rejects.toMatchObject({ status: 400, param: 'x-nextmodel-cache-ttl' });
  });

  it('a stale entry (older than the request TTL) is not served', async () => {
    await send('ttl probe');
    const db = f.tg.gateway.services.db;
    await db.updateTable('cache_entries').set({ created_ms: Date.now() - 120_000 }).where('canonical_request', 'like', '%ttl probe%').execute();
    f.tg.gateway.services.cache.clearMemory();
    expect((await send('ttl probe', { 'x-nextmodel-cache-ttl': '60' })).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect((await send('ttl probe', { 'x-nextmodel-cache-ttl': '600' })).response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
  });

  it('time-sensitive wording (English and Hindi) gets the short TTL', async () => {
    for (const q of ['What is the latest Sensex value?', 'आज का मौसम कैसा है?']) {
      await send(q);
      const row = await f.tg.gateway.services.db.selectFrom('cache_entries').select(['created_ms', 'expires_ms']).orderBy('created_ms', 'desc').executeTakeFirstOrThrow();
      expect(Number(row.expires_ms) - Number(row.created_ms)).toBe(300_000);
    }
    await send('Explain photosynthesis');
    const row = await f.tg.gateway.services.db.selectFrom('cache_entries').select(['created_ms', 'expires_ms']).orderBy('created_ms', 'desc').executeTakeFirstOrThrow();
    expect(Number(row.expires_ms) - Number(row.created_ms)).toBe(86_400_000);
  });

  it('project cache modes: off, read-only, write-only', async () => {
    const project = await adminCall(f.tg, 'POST', '/v1/admin/projects', { name: 'modes' });
    const key = await adminCall(f.tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const c = new OpenAI({ apiKey: key.json.key, baseURL: `${f.tg.baseUrl}/v1`, maxRetries: 0 });
    const setMode = (cache_mode: string) => adminCall(f.tg, 'PATCH', `/v1/admin/projects/${project.json.id}`, { cache_mode });

    await setMode('write-only');
    await send('modes q', {}, c);
    expect((await send('modes q', {}, c)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    await setMode('read-only');
    const hit = await send('modes q', {}, c);
    expect(hit.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    await send('modes q2', {}, c);
    await setMode('on');
    expect((await send('modes q2', {}, c)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    await setMode('off');
    const off = await send('modes q2', {}, c);
    expect(off.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(off.response.headers.get('x-nextmodel-cache')).toBe('BYPASS');
  });

  it('canonical_cache (opt-in) unifies NFC and outer whitespace, and nothing else', async () => {
    const project = await adminCall(f.tg, 'POST', '/v1/admin/projects', { name: 'canon' });
    const key = await adminCall(f.tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const c = new OpenAI({ apiKey: key.json.key, baseURL: `${f.tg.baseUrl}/v1`, maxRetries: 0 });
    const composed = 'Café prices in Pune';
    const decomposed = 'Cafe\u0301 prices in Pune';
    await send(composed, {}, c);
    // Without opt-in: a miss.
    expect((await send(`  ${decomposed}\n`, {}, c)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    await adminCall(f.tg, 'PATCH', `/v1/admin/projects/${project.json.id}`, { canonical_cache: true });
    await send(composed + ' v2', {}, c);
    const canon = await send(`  ${decomposed} v2\n`, {}, c);
    expect(canon.response.headers.get('x-nextmodel-serve-mode')).toBe('canonical_cache');
    const r = await getReceipt(f.tg, canon.response.headers.get('x-nextmodel-receipt-id'), key.json.key);
    expect(r.serve_mode).toBe('canonical_cache');
    // Inner whitespace and case still differ: misses.
    expect((await send('Café  prices in Pune v2', {}, c)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect((await send('café prices in Pune v2', {}, c)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
  });
});
