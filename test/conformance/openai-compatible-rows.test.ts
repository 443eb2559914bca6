import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenAICompatibleRow } from '../../src/providers/openai-compatible/provider-row.js';
import { OPENAI_COMPATIBLE_ROWS } from '../../src/providers/openai-compatible/provider-rows.js';
import { MockUpstream, type MockReply, type RecordedRequest } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { openAIKit } from './openai-kit.js';
import { runProviderConformance } from './provider-conformance.js';

/**
 * Every OpenAI-compatible row against its recorded-shape fixtures
 * (test/fixtures/openai-compatible/<provider>/, described in docs/providers.md), driven through a
 * real gateway with the official `openai` SDK: the exact upstream request, the parsed answer, the
 * streamed text and tool call, and the receipt priced to the µINR — computed here independently
 * of src/billing. Then each row runs the shared provider conformance suite, and the row's
 * unsupported parameters and values are checked to be 400s naming them.
 */

const API_KEY = 'row-upstream-key-0123456789abcdef';
const FIXTURES = new URL('../fixtures/openai-compatible/', import.meta.url);
/** Config defaults (billing.usd_inr 88, billing.cny_inr 12.4), as µINR per unit; asserted below. */
const USD_INR_MICRO = 88_000_000n;
const CNY_INR_MICRO = 12_400_000n;

interface Counts {
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
  total: number;
}

const u = (prompt: number, completion: number, cached: number, reasoning: number, total: number): Counts => ({ prompt, completion, cached, reasoning, total });

/**
 * Per row: the catalog model the test requests, the currency its catalog price is in, and the
 * usage the receipt must show for chat.json (also stream.sse, same counts) and tool-stream.sse —
 * in OpenAI's semantics (prompt includes cached, completion includes reasoning). xAI's fixtures
 * report completion without reasoning (total = prompt + completion + reasoning): 7 + 142 = 149,
 * 22 + 187 = 209. DeepSeek reports cached as prompt_cache_hit_tokens too, Moonshot at the top level.
 */
const ROWS: Record<string, { model: string; currency: 'USD' | 'CNY'; chat: Counts; tool: Counts }> = {
  openai: { model: 'gpt-4.1-mini', currency: 'USD', chat: u(19, 7, 0, 0, 26), tool: u(61, 15, 0, 0, 76) },
  deepseek: { model: 'deepseek-flash', currency: 'USD', chat: u(12, 19, 0, 12, 31), tool: u(158, 31, 128, 9, 189) },
  ark: { model: 'doubao-seed-1-6', currency: 'CNY', chat: u(24, 21, 0, 14, 45), tool: u(112, 38, 0, 11, 150) },
  dashscope: { model: 'qwen-plus', currency: 'USD', chat: u(20, 7, 0, 0, 27), tool: u(180, 18, 0, 0, 198) },
  moonshot: { model: 'kimi-k2.6', currency: 'USD', chat: u(19, 15, 0, 0, 34), tool: u(142, 27, 128, 0, 169) },
  zhipu: { model: 'glm-4.6', currency: 'USD', chat: u(14, 16, 0, 0, 30), tool: u(166, 22, 0, 0, 188) },
  minimax: { model: 'minimax-m2', currency: 'USD', chat: u(43, 18, 0, 11, 61), tool: u(210, 37, 0, 14, 247) },
  mistral: { model: 'mistral-large', currency: 'USD', chat: u(10, 8, 0, 0, 18), tool: u(96, 17, 0, 0, 113) },
  xai: { model: 'grok-4.3', currency: 'USD', chat: u(159, 149, 128, 142, 308), tool: u(402, 209, 384, 187, 611) },
  groq: { model: 'gpt-oss-120b', currency: 'USD', chat: u(80, 24, 0, 0, 104), tool: u(151, 35, 0, 0, 186) },
  together: { model: 'llama-3.3-70b', currency: 'USD', chat: u(43, 8, 0, 0, 51), tool: u(218, 19, 0, 0, 237) },
  openrouter: { model: 'openrouter-claude-haiku-4-5', currency: 'USD', chat: u(19, 7, 0, 0, 26), tool: u(61, 15, 0, 0, 76) },
};

// ── small readers (fixtures and gateway answers are JSON: narrow, never `any`) ──────────────────

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObj(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const fixtureText = (provider: string, file: string) => readFileSync(new URL(`${provider}/${file}`, FIXTURES), 'utf8');
const fixtureJson = (provider: string, file: string): Json => obj(JSON.parse(fixtureText(provider, file)));

/** The JSON payloads of an SSE fixture, in order (comments and [DONE] left out). */
function sseEvents(text: string): Json[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => obj(JSON.parse(line.slice('data: '.length))));
}

/** The fixture as the upstream would write it: one write per SSE event. */
const sseWrites = (text: string) => text.split(/(?<=\n\n)/).filter((part) => part.length > 0);

const firstChoice = (event: Json): Json => obj(list(event.choices)[0]);

/** Reasoning text of a message/delta in the vendor's own field: a string, or `{text}` parts. */
function vendorReasoning(fields: Json, field: string | null): string | undefined {
  if (!field) return undefined;
  const value = fields[field];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((part) => str(obj(part).text) ?? '').join('');
  return undefined;
}

function streamedText(provider: string, file: string, row: OpenAICompatibleRow): { content: string; reasoning: string | undefined } {
  let content = '';
  let reasoning: string | undefined;
  for (const event of sseEvents(fixtureText(provider, file))) {
    const delta = obj(firstChoice(event).delta);
    content += str(delta.content) ?? '';
    const r = vendorReasoning(delta, row.reasoningField);
    if (r !== undefined) reasoning = (reasoning ?? '') + r;
  }
  return { content, reasoning };
}

function streamedToolCall(provider: string): { id: string; type: 'function'; function: { name: string; arguments: string } } {
  let id = '';
  let name = '';
  let args = '';
  for (const event of sseEvents(fixtureText(provider, 'tool-stream.sse'))) {
    for (const call of list(obj(firstChoice(event).delta).tool_calls).map(obj)) {
      if (call.index !== 0) continue;
      const fn = obj(call.function);
      if (!id && str(call.id)) id = str(call.id) ?? '';
      name += str(fn.name) ?? '';
      args += str(fn.arguments) ?? '';
    }
  }
  return { id, type: 'function', function: { name, arguments: args } };
}

// ── the catalog and the price, computed independently of src/billing ────────────────────────────

interface CatalogEntry {
  id: string;
  provider: string;
  upstream_model: string;
  status: string;
  pricing: Record<string, number | string | null>;
}

const CATALOG = (JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8')) as { models: CatalogEntry[] }).models;

/** A decimal price → integer millionths, from its decimal text (no float arithmetic). */
function micro(price: number): bigint {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(price));
  if (!match) throw new Error(`price with more than 6 decimals or in exponent form: ${price}`);
  return BigInt(match[1] ?? '0') * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

const priceOf = (entry: CatalogEntry, key: string): number | null => {
  const value = entry.pricing[key];
  return typeof value === 'number' ? value : null;
};

/**
 * µINR = round_half_up(Σ tokens × price_µ/Mtok × rate_µ / 10^12). USD prices when the catalog has
 * both input and output in USD, else CNY × cny_inr. Uncached prompt at the input price, cached
 * at the cached price when there is one (else the input price), completion (with reasoning) at
 * the output price.
 */
function expectedMicroInr(entry: CatalogEntry, usage: Counts): { currency: 'USD' | 'CNY'; micro: bigint } {
  const usd = priceOf(entry, 'input_usd_per_mtok') !== null && priceOf(entry, 'output_usd_per_mtok') !== null;
  const c = usd ? 'usd' : 'cny';
  const input = micro(priceOf(entry, `input_${c}_per_mtok`) ?? 0);
  const output = micro(priceOf(entry, `output_${c}_per_mtok`) ?? 0);
  const cachedPrice = priceOf(entry, `cached_input_${c}_per_mtok`);
  const cached = cachedPrice === null ? input : micro(cachedPrice);
  const weighted = BigInt(usage.prompt - usage.cached) * input + BigInt(usage.cached) * cached + BigInt(usage.completion) * output;
  const numerator = weighted * (usd ? USD_INR_MICRO : CNY_INR_MICRO);
  const denominator = 10n ** 12n;
  return { currency: usd ? 'USD' : 'CNY', micro: (numerator + denominator / 2n) / denominator };
}

const formatMicro = (v: bigint) => `${v / 1_000_000n}.${(v % 1_000_000n).toString().padStart(6, '0')}`;

// ── gateway helpers ─────────────────────────────────────────────────────────────────────────────

interface Receipt {
  provider: string;
  model_served: string;
  usage: Counts;
  usage_source: string;
  list_cost_inr: string;
  charged_inr: string;
  price: { currency: string } | null;
  finish_reason: string | null;
  finish_reason_raw: string | null;
}

async function receipt(tg: TestGateway, id: string | null | undefined): Promise<Receipt> {
  expect(id).toMatch(/^rcpt_/);
  const res = await fetch(`${tg.baseUrl}/v1/receipts/${id}`, { headers: { authorization: `Bearer ${tg.projectKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Receipt;
}

/** The path prefix of the row's real base URL, so the test also checks how base and chatPath join. */
const basePath = (row: OpenAICompatibleRow) => new URL(row.defaultBaseUrl).pathname.replace(/\/+$/, '');

const expectedAuth = (row: OpenAICompatibleRow) => (row.auth.scheme ? `${row.auth.scheme} ${API_KEY}` : API_KEY);

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** The trailer the gateway puts on the finish chunk (SPEC §4 Streaming). */
const trailerOf = (value: object): string | undefined => str(obj(obj(value).nextmodel).receipt_id);

it('every row has a fixture spec, and billing runs on the default reference rates', async () => {
  expect(Object.keys(ROWS).sort()).toEqual(Object.keys(OPENAI_COMPATIBLE_ROWS).sort());
  expect(Object.keys(ROWS)).toHaveLength(12);
  const tg = await startTestGateway();
  try {
    expect(tg.config.billing).toMatchObject({ usd_inr: 88, cny_inr: 12.4, fresh_markup_pct: 0 });
  } finally {
    await tg.close();
  }
});

for (const [provider, spec] of Object.entries(ROWS)) {
  const row = OPENAI_COMPATIBLE_ROWS[provider];
  if (!row) throw new Error(`no row for ${provider}`);
  const expectedRequest = fixtureJson(provider, 'expected-request.json');
  const catalogEntry = CATALOG.find((m) => m.id === spec.model);

  describe(`openai-compatible row: ${provider}`, () => {
    let mock: MockUpstream;
    let tg: TestGateway;
    let client: OpenAI;

    beforeAll(async () => {
      mock = new MockUpstream((req: RecordedRequest): MockReply => {
        const body = obj(req.json);
        if (body.stream !== true) return { kind: 'text', status: 200, body: fixtureText(provider, 'chat.json'), headers: { 'content-type': 'application/json' } };
        return { kind: 'sse', events: sseWrites(fixtureText(provider, body.tools ? 'tool-stream.sse' : 'stream.sse')) };
      });
      const url = await mock.start();
      tg = await startTestGateway({ providers: { [provider]: { api_key: API_KEY, base_url: `${url}${basePath(row)}` } }, cache: { mode: 'off' } });
      client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    });
    afterAll(async () => {
      await tg?.close();
      await mock?.stop();
    });
    beforeEach(() => {
      mock.requests.length = 0;
    });

    it('the catalog model serves the upstream id the fixture was recorded for', () => {
      expect(catalogEntry).toMatchObject({ provider, upstream_model: expectedRequest.model });
      expect(catalogEntry?.status).not.toBe('retired');
    });

    /** The request docs/providers.md describes, with the fixture's temperature (kimi-k2.x only takes 1). */
    const described = () => ({
      model: spec.model,
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'Hi' },
      ],
      temperature: Number(expectedRequest.temperature),
      max_tokens: 64,
    });

    it('(a) the upstream receives exactly expected-request.json: path, auth and body', async () => {
      const stream = await client.chat.completions.create({ ...described(), stream: true });
      for await (const _chunk of stream) {
        // drain
      }
      expect(mock.requests).toHaveLength(1);
      const seen = mock.requests[0]!;
      expect(seen.method).toBe('POST');
      expect(seen.path).toBe(`${basePath(row)}${row.chatPath}`);
      expect(seen.headers[row.auth.header]).toBe(expectedAuth(row));
      expect(seen.json).toEqual(expectedRequest);
    });

    it('(b) chat.json: the SDK parses it; usage and the receipt match the fixture, priced to the µINR', async () => {
      const raw = fixtureJson(provider, 'chat.json');
      const rawChoice = firstChoice(raw);
      const rawMessage = obj(rawChoice.message);
      const { data, response } = await client.chat.completions.create(described()).withResponse();
      const message = data.choices[0]!.message;
      expect(message.content).toBe(rawMessage.content);
      expect(data.usage).toMatchObject({ prompt_tokens: spec.chat.prompt, completion_tokens: spec.chat.completion, total_tokens: spec.chat.total });

      // Reasoning in reasoning_content whatever the vendor called it; the vendor field kept.
      const reasoning = vendorReasoning(rawMessage, row.reasoningField);
      const fields = obj(message);
      expect(fields.reasoning_content).toBe(reasoning);
      if (row.reasoningField && rawMessage[row.reasoningField] !== undefined) expect(fields[row.reasoningField]).toEqual(rawMessage[row.reasoningField]);

      const r = await receipt(tg, response.headers.get('x-nextmodel-receipt-id'));
      expect(r).toMatchObject({ provider, model_served: spec.model, usage_source: 'upstream', usage: spec.chat });
      expect(r.finish_reason_raw).toBe(rawChoice.finish_reason);
      expect(r.finish_reason).toBe(data.choices[0]!.finish_reason);
      const cost = expectedMicroInr(catalogEntry!, spec.chat);
      expect(cost.currency).toBe(spec.currency);
      expect(cost.micro).toBeGreaterThan(0n);
      expect(r.price?.currency).toBe(spec.currency);
      expect(r.list_cost_inr).toBe(formatMicro(cost.micro));
      expect(r.charged_inr).toBe(formatMicro(cost.micro));
    });

    it('(c) stream.sse: the SDK assembles the text; reasoning normalised; one real usage chunk, priced', async () => {
      const expected = streamedText(provider, 'stream.sse', row);
      const stream = await client.chat.completions.create({ ...described(), stream: true, stream_options: { include_usage: true } });
      let text = '';
      let reasoning: string | undefined;
      const usages: OpenAI.CompletionUsage[] = [];
      let receiptId: string | undefined;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        text += delta?.content ?? '';
        const r = str(obj(delta).reasoning_content);
        if (r !== undefined) reasoning = (reasoning ?? '') + r;
        if (chunk.usage) usages.push(chunk.usage);
        receiptId = trailerOf(chunk) ?? receiptId;
      }
      expect(text).toBe(expected.content);
      expect(text.length).toBeGreaterThan(0);
      expect(reasoning).toBe(expected.reasoning);
      // Only the final usage reaches the client (MiniMax's zero usages on every chunk do not).
      expect(usages).toHaveLength(1);
      expect(usages[0]).toMatchObject({ prompt_tokens: spec.chat.prompt, completion_tokens: spec.chat.completion, total_tokens: spec.chat.total });
      const r = await receipt(tg, receiptId);
      expect(r).toMatchObject({ usage_source: 'upstream', usage: spec.chat, finish_reason: 'stop' });
      expect(r.list_cost_inr).toBe(formatMicro(expectedMicroInr(catalogEntry!, spec.chat).micro));
    });

    it('(d) tool-stream.sse: .stream().finalChatCompletion() assembles the tool call of the fixture', async () => {
      const expected = streamedToolCall(provider);
      expect(expected.function.name).toBe('get_weather');
      const final = await client.chat.completions
        .stream({ model: spec.model, messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weatherTool] })
        .finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls?.[0];
      expect(call && call.type === 'function' ? { id: call.id, type: call.type, function: { name: call.function.name, arguments: call.function.arguments } } : call).toEqual(expected);
      expect(JSON.parse(expected.function.arguments)).toEqual({ city: 'Paris' });
      expect(final.choices[0]!.finish_reason).toBe('tool_calls');
      const seen = obj(mock.requests[0]?.json);
      expect(list(seen.tools)).toHaveLength(1);
      const r = await receipt(tg, trailerOf(final));
      expect(r).toMatchObject({ usage_source: 'upstream', usage: spec.tool, finish_reason: 'tool_calls' });
      expect(r.list_cost_inr).toBe(formatMicro(expectedMicroInr(catalogEntry!, spec.tool).micro));
    });
  });

  // The same suite as OpenAI, with the row's path and auth. A row that rejects json_schema answers
  // the suite's parse() scenario with a 400 naming response_format (asserted further down), so
  // that scenario is skipped with the reason.
  const rejectsJsonSchema = row.unsupportedParams.includes('response_format') || row.unsupportedValues?.response_format?.includes('json_schema') === true;
  runProviderConformance({
    ...openAIKit({
      name: `openai-compatible/${provider}`,
      provider,
      model: spec.model,
      path: row.chatPath,
      authHeader: row.auth.header,
      authScheme: row.auth.scheme,
      upstreamModel: str(expectedRequest.model) ?? spec.model,
    }),
    ...(rejectsJsonSchema ? { skips: { json_schema: `${provider} does not support response_format json_schema (400 unsupported_parameter)` } } : {}),
  });
}

// ── unsupported parameters and values: 400 naming them; OpenAI defaults pass ───────────────────

/** A value for each parameter any row rejects that is valid in our schema and not OpenAI's default. */
const NON_DEFAULT: Record<string, unknown> = {
  n: 2,
  seed: 7,
  logit_bias: { '50256': -100 },
  logprobs: true,
  top_logprobs: 2,
  presence_penalty: 0.5,
  frequency_penalty: 0.5,
  parallel_tool_calls: false,
  response_format: { type: 'json_object' },
  reasoning_effort: 'low',
  user: 'user-123456',
  metadata: { app: 'x' },
  verbosity: 'low',
  functions: [{ name: 'f', parameters: { type: 'object' } }],
  function_call: 'auto',
  store: true,
  service_tier: 'flex',
  prompt_cache_key: 'k',
  safety_identifier: 'user-123456',
  modalities: ['text', 'audio'],
};

/** A request value whose `unsupportedValues` key is `value`. */
function valueFor(param: string, value: string): Json {
  if (param === 'response_format' && value === 'json_schema') return { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } };
  if (param === 'tool_choice') return { tools: [weatherTool], tool_choice: value === 'function' ? { type: 'function', function: { name: 'get_weather' } } : value };
  return { [param]: value };
}

/** What LangChain and some SDKs send on every request: OpenAI's defaults. */
const CLIENT_DEFAULTS = { n: 1, presence_penalty: 0, frequency_penalty: 0, logprobs: false, parallel_tool_calls: true };

describe('openai-compatible rows: unsupported parameters and OpenAI defaults', () => {
  let mock: MockUpstream;
  let tg: TestGateway;

  beforeAll(async () => {
    mock = new MockUpstream(openaiResponder({ content: 'ok' }));
    const url = await mock.start();
    const providers = Object.fromEntries(Object.keys(ROWS).map((p) => [p, { api_key: API_KEY, base_url: url }]));
    tg = await startTestGateway({ providers, cache: { mode: 'off' } });
  });
  afterAll(async () => {
    await tg?.close();
    await mock?.stop();
  });
  beforeEach(() => {
    mock.requests.length = 0;
  });

  async function post(body: Json): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${tg.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tg.projectKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: obj(await res.json()) };
  }

  for (const [provider, spec] of Object.entries(ROWS)) {
    const row = OPENAI_COMPATIBLE_ROWS[provider]!;
    const base = { model: spec.model, messages: [{ role: 'user', content: 'Hi' }] };

    it(`${provider}: each unsupported parameter is a 400 naming it, and never reaches the upstream`, async () => {
      for (const param of row.unsupportedParams) {
        expect(NON_DEFAULT, `no test value for '${param}'`).toHaveProperty(param);
        const { status, json } = await post({ ...base, [param]: NON_DEFAULT[param] });
        const error = obj(json.error);
        expect({ param, status, code: error.code, errorParam: error.param }).toEqual({ param, status: 400, code: 'unsupported_parameter', errorParam: param });
        expect(str(error.message)).toContain(`'${param}'`);
      }
      expect(mock.requests).toHaveLength(0);
    });

    it(`${provider}: each unsupported value is a 400 naming the parameter and the value`, async () => {
      for (const [param, values] of Object.entries(row.unsupportedValues ?? {})) {
        for (const value of values) {
          const { status, json } = await post({ ...base, ...valueFor(param, value) });
          const error = obj(json.error);
          expect({ param, value, status, code: error.code, errorParam: error.param }).toEqual({ param, value, status: 400, code: 'unsupported_parameter', errorParam: param });
          expect(str(error.message)).toContain(`'${param}'`);
          expect(str(error.message)).toContain(`'${value}'`);
        }
      }
      expect(mock.requests).toHaveLength(0);
    });

    it(`${provider}: OpenAI defaults (n: 1, penalties 0, logprobs false, parallel_tool_calls true) pass; stripped only where the row lacks them`, async () => {
      const one = await post({ ...base, n: 1 });
      expect(one.status).toBe(200);
      const defaults = await post({ ...base, ...CLIENT_DEFAULTS });
      expect(defaults.status).toBe(200);
      expect(mock.requests).toHaveLength(2);
      const sent = obj(mock.requests[1]!.json);
      for (const [param, value] of Object.entries(CLIENT_DEFAULTS)) {
        const target = row.renameParams[param] ?? param;
        if (row.unsupportedParams.includes(param)) expect(sent, `${param} stripped`).not.toHaveProperty(target);
        else expect(sent[target], `${param} forwarded`).toEqual(value);
      }
      expect(obj(mock.requests[0]!.json).n).toBe(row.unsupportedParams.includes('n') ? undefined : 1);
    });
  }
});

// ── MiniMax: a zero usage never stands in for the real one ─────────────────────────────────────

describe('openai-compatible row: minimax, stream cut before its usage chunk', () => {
  let mock: MockUpstream;
  let tg: TestGateway;

  beforeAll(async () => {
    // stream.sse without its final (only real) usage chunk: every chunk left carries
    // `usage: {total_tokens: 0, total_characters: 0}`, the last one with finish_reason "stop".
    const events = sseWrites(fixtureText('minimax', 'stream.sse')).filter((e) => !e.includes('"choices":[]'));
    expect(events.join('')).toContain('"finish_reason":"stop"');
    mock = new MockUpstream(() => ({ kind: 'sse', events }));
    const url = await mock.start();
    tg = await startTestGateway({ providers: { minimax: { api_key: API_KEY, base_url: url } }, cache: { mode: 'off' } });
  });
  afterAll(async () => {
    await tg?.close();
    await mock?.stop();
  });

  it('bills an estimate (usage_source estimated), not the zero usage of the intermediate chunks', async () => {
    const client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'minimax-m2', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    let receiptId: string | undefined;
    const usages: OpenAI.CompletionUsage[] = [];
    for await (const chunk of stream) {
      if (chunk.usage) usages.push(chunk.usage);
      receiptId = trailerOf(chunk) ?? receiptId;
    }
    expect(usages).toEqual([]);
    const r = await receipt(tg, receiptId);
    expect(r.usage_source).toBe('estimated');
    expect(r.usage.completion).toBeGreaterThan(0);
    expect(Number(r.list_cost_inr)).toBeGreaterThan(0);
  });
});
