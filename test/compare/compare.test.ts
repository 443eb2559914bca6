import { readFileSync } from 'node:fs';
import { countChatCompletionTokens } from 'gpt-tokenizer/model/gpt-4o';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPercent, computeCost } from '../../src/billing/cost.js';
import { formatMicro } from '../../src/billing/money.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * POST /v1/compare and POST /v1/pricing/estimate over HTTP on a real gateway. Expected money is
 * computed here, independently of src/billing, with BigInt from the catalog file's decimal prices
 * and the default reference rates (₹88/USD, ₹12.4/CNY, exact-cache replay at 10% of list).
 */

interface CatalogEntry {
  id: string;
  pricing: { input_usd_per_mtok: number | null; output_usd_per_mtok: number | null; input_cny_per_mtok: number | null; output_cny_per_mtok: number | null };
}
const catalog = (JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8')) as { models: CatalogEntry[] }).models;
const entry = (id: string) => catalog.find((m) => m.id === id)!;

/** "0.029" → 29000n (µ-units), without going through floats. */
function micro(decimal: number | string): bigint {
  const [whole, frac = ''] = String(decimal).split('.');
  return BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
}
const roundDiv = (a: bigint, d: bigint) => (a * 2n + d) / (2n * d);
const fmt = (u: bigint) => `${u / 1_000_000n}.${(u % 1_000_000n).toString().padStart(6, '0')}`;

/** µINR and µUSD for one request, the way SPEC §6 says (USD list price unless only CNY is published). */
function expected(id: string, prompt: number, output: number) {
  const p = entry(id).pricing;
  if (p.input_usd_per_mtok !== null && p.output_usd_per_mtok !== null) {
    const uusdTimesMtok = BigInt(prompt) * micro(p.input_usd_per_mtok) + BigInt(output) * micro(p.output_usd_per_mtok);
    return { uinr: roundDiv(uusdTimesMtok * 88n, 1_000_000n), uusd: roundDiv(uusdTimesMtok, 1_000_000n) };
  }
  const ucnyTimesMtok = BigInt(prompt) * micro(p.input_cny_per_mtok!) + BigInt(output) * micro(p.output_cny_per_mtok!);
  const uinr = roundDiv(ucnyTimesMtok * 124n, 10_000_000n); // × 12.4 ÷ 1M tokens
  return { uinr, uusd: roundDiv(uinr, 88n) };
}
const replay = (list: bigint) => roundDiv(list * 10n, 100n);

let tg: TestGateway;
const post = async (path: string, body: unknown, key = tg.projectKey) => {
  const res = await fetch(`${tg.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};

beforeAll(async () => {
  tg = await startTestGateway({
    models: [{ id: 'mistral-small', capabilities: { tools: false } }],
    providers: { deepseek: { api_key: 'sk-test-deepseek-0000000000', base_url: 'http://127.0.0.1:9/v1' } },
    routes: { 'china-cheap': { source: 'china', order: 'price' } },
  });
});
afterAll(async () => {
  await tg?.close();
});

const MESSAGES = [
  { role: 'system', content: 'You are a concise assistant for an Indian fintech team.' },
  { role: 'user', content: 'Summarise the RBI guidelines on UPI transaction limits in three bullet points.' },
];
const FIVE_PLUS = ['gpt-5.5', 'claude-sonnet-4-6', 'gemini-2.5-flash-lite', 'deepseek-flash', 'doubao-seed-1-6', 'qwen-max', 'mistral-small'];

describe('POST /v1/compare', () => {
  it('prices a known prompt in ₹ and $, fresh and exact-cache, per request and in total, across 7 models', async () => {
    const requests = 2500;
    const { status, json } = await post('/v1/compare', { models: FIVE_PLUS, messages: MESSAGES, expected_output_tokens: 300, requests });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.candidates.map((c: any) => c.id)).toEqual(FIVE_PLUS);
    const tokens = countChatCompletionTokens!({ messages: MESSAGES as Array<{ role: string; content: string }> });
    expect(json.prompt).toMatchObject({ tokens, source: 'tokenized' });
    for (const c of json.candidates) {
      expect(c.tokens.prompt_tokens).toBe(tokens);
      expect(c.tokens.output_tokens).toBe(300);
      const want = expected(c.id, c.tokens.prompt_tokens, c.tokens.output_tokens);
      expect(c.cost.list_per_request, c.id).toEqual({ inr: fmt(want.uinr), usd: fmt(want.uusd) });
      expect(c.cost.fresh.per_request, c.id).toEqual({ inr: fmt(want.uinr), usd: fmt(want.uusd) });
      expect(c.cost.fresh.total.inr, c.id).toBe(fmt(want.uinr * BigInt(requests)));
      expect(c.cost.exact_cache.per_request, c.id).toEqual({ inr: fmt(replay(want.uinr)), usd: fmt(replay(want.uusd)) });
      expect(c.cost.exact_cache.total, c.id).toEqual({ inr: fmt(replay(want.uinr) * BigInt(requests)), usd: fmt(replay(want.uusd) * BigInt(requests)) });
    }
    // A sanity anchor written out by hand: gpt-5.5 at $5/$30 per 1M tokens.
    const gpt = json.candidates[0];
    expect(gpt.cost.fresh.per_request.usd).toBe(fmt(BigInt(tokens) * 5n + 300n * 30n));
  });

  it('flags estimates and CNY conversion honestly', async () => {
    const { json } = await post('/v1/compare', { models: ['gpt-5.5', 'claude-sonnet-4-6', 'doubao-seed-1-6'], messages: MESSAGES });
    const [gpt, claude, doubao] = json.candidates;
    expect(gpt.tokens).toMatchObject({ estimated: false, estimate_reason: null, output_tokens: 512, output_source: 'default' });
    expect(claude.tokens.estimated).toBe(true);
    expect(claude.tokens.estimate_reason).toMatch(/anthropic models use their own tokenizer/);
    expect(doubao.price.currency).toBe('CNY');
    expect(doubao.price.converted).toMatch(/CNY only/);
    expect(gpt.price).toMatchObject({ currency: 'USD', converted: null, input_usd_per_mtok: 5 });
    // A given prompt_tokens is the caller's number, not our estimate.
    const given = await post('/v1/compare', { models: ['claude-sonnet-4-6'], prompt_tokens: 1000 });
    expect(given.json.candidates[0].tokens).toMatchObject({ prompt_tokens: 1000, prompt_source: 'given', estimated: false });
  });

  it('flags a context overflow', async () => {
    const { status, json } = await post('/v1/compare', { models: ['qwen-max', 'gpt-5.5'], prompt_tokens: 40_000 });
    expect(status).toBe(200);
    const [qwen, gpt] = json.candidates;
    expect(qwen.context_window).toBe(32768);
    expect(qwen.fits.context).toBe(false);
    expect(qwen.fits.all).toBe(false);
    expect(qwen.reasons.join('; ')).toMatch(/context overflow: ~40512 tokens > 32768/);
    expect(gpt.fits.context).toBe(true);
    expect(json.needs.context_tokens).toBe(40_512);
  });

  it('a tools request marks a tool-less model as not fitting', async () => {
    const tools = [{ type: 'function', function: { name: 'get_rate', description: 'Repo rate on a date', parameters: { type: 'object', properties: { date: { type: 'string' } } } } }];
    const { json } = await post('/v1/compare', { models: ['mistral-small', 'deepseek-flash'], messages: MESSAGES, tools });
    const [mistral, deepseek] = json.candidates;
    expect(json.needs.tools).toBe(true);
    expect(mistral.fits.tools).toBe(false);
    expect(mistral.fits.request).toBe(false);
    expect(mistral.reasons).toContain('no tool support');
    expect(deepseek.fits).toMatchObject({ tools: true, provider_configured: true, request: true, all: true });
    expect(json.cheapest_fit).toBe('deepseek-flash');
    // Tools cost prompt tokens too.
    const without = await post('/v1/compare', { models: ['deepseek-flash'], messages: MESSAGES });
    expect(json.prompt.tokens).toBeGreaterThan(without.json.prompt.tokens);
  });

  it('a route evaluates that route’s candidates with routing’s selection', async () => {
    const { status, json } = await post('/v1/compare', { route: 'china-cheap', prompt_tokens: 1000, max_tokens: 200 });
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.route.name).toBe('china-cheap');
    const ranked = json.candidates.filter((c: any) => c.route_rank !== null);
    // Only deepseek has a key here, so only deepseek models can be attempted, cheapest first.
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((c: any) => c.provider === 'deepseek' && c.source_region === 'china' && c.fits.all)).toBe(true);
    expect(ranked.map((c: any) => c.route_rank)).toEqual(ranked.map((_: unknown, i: number) => i + 1));
    const global = json.candidates.filter((c: any) => c.source_region === 'global');
    expect(global.every((c: any) => c.route_rank === null && c.reasons.some((r: string) => /route wants china/.test(r)))).toBe(true);
    const auto = await post('/v1/compare', { route: 'auto', prompt_tokens: 10 });
    expect(auto.status).toBe(200);
    expect(auto.json.candidates[0].route_rank).toBe(1);
  });

  it('latency comes from live stats once there are enough samples, else the catalog, else null', async () => {
    const before = await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: 10 });
    expect(before.json.candidates[0].latency).toMatchObject({ origin: null, samples: 0, total_ms_p50: null });
    for (const ms of [400, 500, 600, 700, 800]) tg.gateway.services.routing.latency.record('gpt-5.5', 100, ms);
    const after = await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: 10 });
    expect(after.json.candidates[0].latency).toMatchObject({ origin: 'measured', samples: 5, total_ms_p50: 600, ttft_ms_p50: 100 });
  });

  it('workload fit is reported against the model’s tags', async () => {
    const { json } = await post('/v1/compare', { models: ['qwen3-coder-plus', 'gpt-5.5'], prompt_tokens: 10, workload: 'coding' });
    expect(json.candidates.map((c: any) => c.workload.fits)).toEqual([true, false]);
  });

  it('errors are OpenAI-shaped and name the parameter', async () => {
    const unknown = await post('/v1/compare', { models: ['gpt-5.5', 'gpt-nope'], prompt_tokens: 10 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'model_not_found', param: 'models[1]' });
    expect((await post('/v1/compare', { models: ['gpt-5.5'] })).json.error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    expect((await post('/v1/compare', { models: ['gpt-5.5'], route: 'auto', prompt_tokens: 1 })).json.error.param).toBe('route');
    expect((await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: -1 })).json.error.param).toBe('prompt_tokens');
    expect((await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: 1, temprature: 1 })).json.error.param).toBe('temprature');
    const noRoute = await post('/v1/compare', { route: 'nope', prompt_tokens: 1 });
    expect(noRoute.status).toBe(404);
    expect(noRoute.json.error).toMatchObject({ code: 'route_not_found', param: 'route' });
    expect((await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: 1 }, 'nm_wrong')).status).toBe(401);
  });

  it('admin keys may compare too', async () => {
    const { status } = await post('/v1/compare', { models: ['gpt-5.5'], prompt_tokens: 10 }, tg.adminKey);
    expect(status).toBe(200);
  });
});

describe('POST /v1/pricing/estimate', () => {
  it('matches the independent computation for USD and CNY-priced models', async () => {
    for (const id of ['claude-sonnet-4-6', 'doubao-seed-1-6', 'qwen-max']) {
      const { status, json } = await post('/v1/pricing/estimate', { model: id, input_tokens: 12_345, output_tokens: 678, requests: 40 });
      expect(status, JSON.stringify(json)).toBe(200);
      const want = expected(id, 12_345, 678);
      expect(json.fresh.per_request, id).toEqual({ inr: fmt(want.uinr), usd: fmt(want.uusd) });
      expect(json.fresh.total.inr, id).toBe(fmt(want.uinr * 40n));
      expect(json.exact_cache.per_request.inr, id).toBe(fmt(replay(want.uinr)));
      expect(json.exact_cache.total.inr, id).toBe(fmt(replay(want.uinr) * 40n));
    }
  });

  it('matches computeCost, the function receipts are priced with', async () => {
    const services = tg.gateway.services;
    const rates = { usd_inr: 88, cny_inr: 12.4, catalog_version: services.catalog.version };
    for (const id of ['gpt-5.5', 'deepseek-flash', 'doubao-seed-2-0-mini', 'kimi-k2.6']) {
      const { json } = await post('/v1/pricing/estimate', { model: id, input_tokens: 98_765, output_tokens: 4_321, requests: 3 });
      const cost = computeCost({ prompt: 98_765, completion: 4_321, cached: 0, reasoning: 0, total: 103_086 }, services.catalog.get(id)!, rates);
      expect(json.list_per_request, id).toEqual({ inr: formatMicro(cost.listCostUinr), usd: formatMicro(cost.upstreamCostUusd) });
      expect(json.exact_cache.per_request.inr, id).toBe(formatMicro(applyPercent(cost.listCostUinr, 90, 'subtract')));
      expect(json.fresh.total.inr, id).toBe(formatMicro(BigInt(cost.listCostUinr) * 3n));
    }
  });

  it('404 for an unknown model, naming the replacement for a retired one', async () => {
    const unknown = await post('/v1/pricing/estimate', { model: 'nope', input_tokens: 1, output_tokens: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('model_not_found');
    const retired = await post('/v1/pricing/estimate', { model: 'o4-mini', input_tokens: 1, output_tokens: 1 });
    expect(retired.status).toBe(404);
    expect(retired.json.error.message).toMatch(/gpt-6-luna/);
    expect((await post('/v1/pricing/estimate', { model: 'gpt-5.5', input_tokens: 1 })).json.error.param).toBe('output_tokens');
  });
});
