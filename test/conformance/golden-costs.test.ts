import OpenAI from 'openai';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockUpstream } from '../support/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Golden costs: a recorded usage block from each native protocol's fixture → the exact µINR on
 * the receipt, computed here by hand from the catalog's prices (issue 4). Prices: data/catalog.json;
 * rates: config defaults usd_inr 88, cny_inr 12.4.
 */

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as unknown;
let tg: TestGateway;
const mocks: MockUpstream[] = [];

beforeAll(async () => {
  const anthropic = new MockUpstream(() => ({ kind: 'json', body: fixture('anthropic/message.json') }));
  const gemini = new MockUpstream(() => ({ kind: 'json', body: fixture('gemini/chat.json') }));
  const ark = new MockUpstream((req) => ({ kind: 'json', body: { ...(fixture('openai-compatible/ark/chat.json') as object), model: (req.json as { model: string }).model } }));
  mocks.push(anthropic, gemini, ark);
  tg = await startTestGateway({
    providers: {
      anthropic: { api_key: 'sk-ant-golden-0000000000', base_url: await anthropic.start() },
      gemini: { api_key: 'golden-gemini-key-000000', base_url: await gemini.start() },
      ark: { api_key: 'golden-ark-key-0000000000', base_url: await ark.start() },
    },
  });
});
afterAll(async () => {
  await tg?.close();
  for (const m of mocks) await m.stop();
});

async function receiptFor(model: string) {
  const client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
  const { response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'golden' }] }).withResponse();
  return (await (await fetch(response.headers.get('x-nextmodel-receipt-url')!, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
}

describe('golden costs per native protocol', () => {
  it('Anthropic (claude-sonnet-4-5): cache reads at the cached rate, cache writes at the write rate, thinking inside output', async () => {
    const r = await receiptFor('claude-sonnet-4-5');
    // input 12 + cache write 2048 + cache read 1800 = prompt 3860; output 45 (30 of it thinking).
    expect(r.usage).toEqual({ prompt: 3860, completion: 45, cached: 1800, reasoning: 30, total: 3905, cache_write: 2048 });
    // 12×$3 + 1800×$0.30 + 2048×$3.75 + 45×$15 per 1M = 8,931 µUSD; × 88 = 785,928 µINR.
    expect(r.upstream_cost_usd).toBe('0.008931');
    expect(r.list_cost_inr).toBe('0.785928');
  });

  it('Gemini (gemini-2.5-flash): cached content at the cached rate, thoughts billed as output once', async () => {
    const r = await receiptFor('gemini-2.5-flash');
    // prompt 1200 (1000 cached); candidates 180 + thoughts 120 = completion 300.
    expect(r.usage).toEqual({ prompt: 1200, completion: 300, cached: 1000, reasoning: 120, total: 1500 });
    // 200×$0.30 + 1000×$0.03 + 300×$2.50 per 1M = 840 µUSD; × 88 = 73,920 µINR.
    expect(r.list_cost_inr).toBe('0.073920');
  });

  it('Volcengine Ark (doubao-seed-2-0-mini) end to end, priced and stated on the receipt', async () => {
    const r = await receiptFor('doubao-seed-2-0-mini');
    expect(r.provider).toBe('ark');
    expect(r.model_served).toBe('doubao-seed-2-0-mini');
    const u = r.usage as { prompt: number; cached: number; completion: number };
    // The catalog lists USD list prices for this model ($0.029 in / $0.29 out per 1M): USD is used when published.
    expect(r.price).toMatchObject({ currency: 'USD', input_usd_per_mtok: 0.029, output_usd_per_mtok: 0.29 });
    const microTimesMtok = BigInt(u.prompt - u.cached) * 29_000n + BigInt(u.cached) * 29_000n + BigInt(u.completion) * 290_000n;
    const uinr = (microTimesMtok * 88_000_000n * 2n + 10n ** 12n) / (2n * 10n ** 12n);
    expect(r.list_cost_inr).toBe(`${uinr / 1_000_000n}.${(uinr % 1_000_000n).toString().padStart(6, '0')}`);
    expect(uinr).toBeGreaterThan(0n);
  });
});
