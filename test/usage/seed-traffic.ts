import OpenAI from 'openai';
import { expect } from 'vitest';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { adminCall, startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/test-gateway.js';

/**
 * Real traffic for the usage suites: two teams, one project each, two labelled keys per project,
 * requests through the official `openai` SDK. Mostly the offline `sandbox-echo`, plus `gpt-5.5`
 * against a loopback OpenAI mock so cached and reasoning tokens and a second provider appear.
 * Some requests repeat (exact-cache replays, also across keys of one project), some fail
 * (unknown model, upstream 500), one streams. Labels include spreadsheet-formula bait.
 */

export interface TestReceipt {
  id: string;
  created: string;
  team_id: string;
  project_id: string;
  key_id: string;
  environment: string;
  workload: string | null;
  tags: string[];
  model_requested: string;
  model_served: string | null;
  provider: string | null;
  serve_mode: string;
  status: number;
  usage: { prompt: number; completion: number; cached: number; reasoning: number; total: number };
  list_cost_inr: string;
  discount_inr: string;
  charged_inr: string;
  upstream_cost_usd: string;
  cache: { source_receipt_id: string | null };
  request_hash: string | null;
}

export interface SeededKey {
  id: string;
  key: string;
  projectId: string;
  teamId: string;
  environment: string;
  workload: string | null;
}

export interface Seeded {
  tg: TestGateway;
  mock: MockUpstream;
  teams: string[];
  projects: string[];
  keys: SeededKey[];
  /** Every receipt in the store, read back as admin through GET /v1/receipts. */
  receipts: TestReceipt[];
}

/** A tag whose cell would run as a formula if exported unescaped; its quotes and comma exercise CSV quoting. */
export const FORMULA_TAG = '=HYPERLINK("http://evil.example/?q=1","click")';
/** Headers are Latin-1: a non-ASCII tag that must survive as UTF-8 in the CSV. */
export const ACCENTED_TAG = 'café';
/** A workload label (allowed by the label rule) that spreadsheets would read as a formula. */
export const FORMULA_WORKLOAD = '-2-3';

const KEY_LABELS: Array<{ environment: string; workload: string | null }> = [
  { environment: 'prod', workload: 'chatbot' },
  { environment: 'staging', workload: null },
  { environment: 'prod', workload: 'batch' },
  { environment: 'dev', workload: FORMULA_WORKLOAD },
];

export async function seedTraffic(options: TestGatewayOptions = {}): Promise<Seeded> {
  const mock = new MockUpstream(
    openaiResponder((req) => {
      const text = JSON.stringify(req.json);
      return { content: 'Mocked answer.', usage: { prompt_tokens: text.length, completion_tokens: 37, cached_tokens: 64, reasoning_tokens: 11 } };
    }),
  );
  const upstreamUrl = await mock.start();
  const tg = await startTestGateway({ providers: { openai: { api_key: 'sk-usage-test-0123456789', base_url: upstreamUrl } } }, {}, options);

  const teams: string[] = [];
  const projects: string[] = [];
  const keys: SeededKey[] = [];
  for (const t of [0, 1]) {
    const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name: `Usage team ${t}` });
    expect(team.status).toBe(201);
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: `Usage project ${t}`, team_id: team.json.id });
    expect(project.status).toBe(201);
    teams.push(team.json.id);
    projects.push(project.json.id);
    for (const k of [0, 1]) {
      const labels = KEY_LABELS[t * 2 + k]!;
      const created = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id, name: `key ${t}.${k}`, ...labels });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      keys.push({ id: created.json.id, key: created.json.key, projectId: project.json.id, teamId: team.json.id, ...labels });
    }
  }

  for (const [i, k] of keys.entries()) {
    const client = new OpenAI({ apiKey: k.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const ask = (content: string, headers: Record<string, string> = {}, model = 'sandbox-echo') =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content }] }, { headers });
    const first = `Namaste from key ${i}: what is the capital of state ${i}?`;
    await ask(first, i === 0 ? { 'x-nextmodel-tags': `${FORMULA_TAG},${ACCENTED_TAG}` } : {});
    await ask(`A longer question ${i} `.repeat(i + 3), { 'x-nextmodel-workload': i % 2 === 0 ? 'summarise' : FORMULA_WORKLOAD });
    // Replays: the same request again from this key, and from the project's other key.
    expect((await ask(first).withResponse()).response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    if (i % 2 === 1) expect((await ask(`Namaste from key ${i - 1}: what is the capital of state ${i - 1}?`).withResponse()).response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    // Failures get receipts too: unknown model (404) and, for one key, an upstream 500 (502).
    await expect(ask('hello', {}, 'no-such-model-anywhere')).rejects.toMatchObject({ status: 404 });
    // The mock upstream: cached and reasoning tokens, a second provider; then a replay of it.
    await ask(`Mocked question ${i}`, { 'x-nextmodel-workload': 'summarise' }, 'gpt-5.5');
    if (i === 2) {
      expect((await ask(`Mocked question ${i}`, {}, 'gpt-5.5').withResponse()).response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
      mock.setHandler(() => ({ kind: 'json', status: 500, body: { error: { message: 'mock outage', type: 'server_error' } } }));
      await expect(ask('this one fails upstream', {}, 'gpt-5.5')).rejects.toMatchObject({ status: 502 });
      mock.setHandler(openaiResponder({ content: 'Mocked answer.', usage: { prompt_tokens: 40, completion_tokens: 9, cached_tokens: 0, reasoning_tokens: 3 } }));
    }
    if (i === 3) {
      const stream = await client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'stream me' }], stream: true, stream_options: { include_usage: true } });
      for await (const _chunk of stream) void _chunk;
    }
  }

  return { tg, mock, teams, projects, keys, receipts: await allReceipts(tg) };
}

/** Every receipt, paged through GET /v1/receipts as admin with a small page to exercise the cursor. */
export async function allReceipts(tg: TestGateway, apiKey = tg.adminKey): Promise<TestReceipt[]> {
  const out: TestReceipt[] = [];
  let cursor: string | null = null;
  do {
    const url = `${tg.baseUrl}/v1/receipts?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { data: TestReceipt[]; next_cursor: string | null };
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  expect(new Set(out.map((r) => r.id)).size).toBe(out.length);
  return out;
}

export async function getJson<T>(tg: TestGateway, path: string, apiKey = tg.adminKey): Promise<{ status: number; json: T; headers: Headers }> {
  const res = await fetch(`${tg.baseUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
  return { status: res.status, json: (await res.json()) as T, headers: res.headers };
}
