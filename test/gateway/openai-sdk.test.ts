import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const MODEL = 'gpt-5.5';
const catalog = JSON.parse(readFileSync(new URL('../../data/catalog.json', import.meta.url), 'utf8')) as { models: Array<{ id: string; pricing: Record<string, number | null> }> };
const price = catalog.models.find((m) => m.id === MODEL)!.pricing;

let mock: MockUpstream;
let tg: TestGateway;
let client: OpenAI;
const PROVIDER_KEY = 'sk-test-provider-key-0123456789abcdef';

beforeAll(async () => {
  mock = new MockUpstream(openaiResponder({ content: 'Hello from the mock.' }));
  const url = await mock.start();
  tg = await startTestGateway({ providers: { openai: { api_key: PROVIDER_KEY, base_url: url } } });
  client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await tg?.close();
  await mock?.stop();
});
beforeEach(() => {
  mock.requests.length = 0;
  mock.setHandler(openaiResponder({ content: 'Hello from the mock.' }));
});

async function publicKeys(): Promise<Map<string, string>> {
  const res = await fetch(`${tg.baseUrl}/v1/receipts/public-keys`);
  const json = (await res.json()) as { data: Array<{ id: string; public_key_pem: string }> };
  return new Map(json.data.map((k) => [k.id, k.public_key_pem]));
}

describe('official openai SDK against the gateway', () => {
  it('does a chat completion, with every SPEC §4 header and a verifiable, correctly priced receipt', async () => {
    mock.setHandler(openaiResponder({ content: 'Namaste from upstream', usage: { prompt_tokens: 1234, completion_tokens: 567, cached_tokens: 200 } }));
    const { data, response } = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3 })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('Namaste from upstream');
    expect(data.usage?.prompt_tokens).toBe(1234);

    const h = response.headers;
    expect(h.get('x-request-id')).toMatch(/^req_/);
    expect(h.get('x-nextmodel-request-id')).toBe(h.get('x-request-id'));
    expect(h.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(h.get('x-nextmodel-usage-source')).toBe('upstream');
    expect(h.get('x-nextmodel-billing-basis')).toBe('platform');
    expect(h.get('x-nextmodel-receipt-id')).toMatch(/^rcpt_/);
    expect(h.get('x-nextmodel-receipt-url')).toBe(`${tg.baseUrl}/v1/receipts/${h.get('x-nextmodel-receipt-id')}`);
    expect(h.get('x-nextmodel-receipt-hash')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.get('x-nextmodel-cache')).toMatch(/^(MISS|BYPASS)$/);
    expect(h.get('x-nextmodel-provider')).toBe('openai');
    expect(h.get('x-nextmodel-model')).toBe(MODEL);

    // The upstream got the provider key, never the gateway key.
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);

    const receiptRes = await fetch(h.get('x-nextmodel-receipt-url')!, { headers: { authorization: `Bearer ${tg.projectKey}` } });
    const receipt = (await receiptRes.json()) as Record<string, any>;
    expect(receipt.receipt_hash).toBe(h.get('x-nextmodel-receipt-hash'));
    expect(receipt.usage).toEqual({ prompt: 1234, completion: 567, cached: 200, reasoning: 0, total: 1801 });

    // tokens × catalog price × usd_inr, computed independently here in integer arithmetic.
    const micro = (n: number | null) => BigInt(Math.round((n ?? 0) * 1e6));
    const microUsdTimesMtok = 1034n * micro(price.input_usd_per_mtok!) + 200n * micro(price.cached_input_usd_per_mtok!) + 567n * micro(price.output_usd_per_mtok!);
    const expectedUinr = (microUsdTimesMtok * 88_000_000n * 2n + 10n ** 12n) / (2n * 10n ** 12n);
    const asDecimal = (u: bigint) => `${u / 1_000_000n}.${(u % 1_000_000n).toString().padStart(6, '0')}`;
    expect(receipt.list_cost_inr).toBe(asDecimal(expectedUinr));
    expect(receipt.charged_inr).toBe(asDecimal(expectedUinr));
    expect(h.get('x-nextmodel-cost-inr')).toBe(asDecimal(expectedUinr));
    expect(receipt.price.version).toBeTruthy();
    expect(JSON.stringify(receipt)).not.toContain('Namaste from upstream');

    const verify = await fetch(`${tg.baseUrl}/v1/receipts/verify`, { method: 'POST', body: JSON.stringify(receipt), headers: { 'content-type': 'application/json' } });
    expect(await verify.json()).toEqual({ valid: true, key_id: receipt.key_id_signing });

    // One byte changed → verification fails (offline, with only the public keys).
    const { verifyReceipt } = await import('../../src/billing/receipt-signer.js');
    const keys = await publicKeys();
    expect(verifyReceipt(receipt, keys).valid).toBe(true);
    const tampered = { ...receipt, charged_inr: receipt.charged_inr.replace(/\d$/, (d: string) => String((Number(d) + 1) % 10)) };
    expect(verifyReceipt(tampered, keys)).toMatchObject({ valid: false, reason: 'hash_mismatch' });
    const forged = { ...tampered, receipt_hash: (await import('../../src/billing/receipt-signer.js')).sha256Tagged((await import('../../src/billing/receipt-signer.js')).canonicalReceiptBytes(tampered)) };
    expect(verifyReceipt(forged, keys)).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('streams: the SDK assembles the mock text; usage appears only when asked; the upstream is always asked for usage', async () => {
    const text = 'The quick brown fox jumps over the lazy dog';
    mock.setHandler(openaiResponder({ content: text, usage: { prompt_tokens: 9, completion_tokens: 10 } }));

    const plain = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let assembled = '';
    let usageChunks = 0;
    let trailer: any = null;
    for await (const chunk of plain) {
      assembled += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
      if ((chunk as any).nextmodel) trailer = (chunk as any).nextmodel;
    }
    expect(assembled).toBe(text);
    expect(usageChunks).toBe(0);
    expect((mock.requests[0]!.json as any).stream_options).toEqual({ include_usage: true });
    expect(trailer).toMatchObject({ serve_mode: 'fresh', usage_source: 'upstream' });
    expect(trailer.receipt_id).toMatch(/^rcpt_/);

    const withUsage = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } });
    let usage: any = null;
    let sawFinishBeforeUsage = false;
    for await (const chunk of withUsage) {
      if (chunk.choices[0]?.finish_reason) sawFinishBeforeUsage = usage === null;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(sawFinishBeforeUsage).toBe(true);
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 10, total_tokens: 19 });

    const receipt = (await (await fetch(trailer.receipt_url, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
    expect(receipt.stream).toBe(true);
    expect(receipt.usage.completion).toBe(10);
    expect(receipt.charged_inr).toBe(trailer.charged_inr);
  });

  it('streams a tool call that the SDK assembles', async () => {
    const args = JSON.stringify({ city: 'Bengaluru', unit: 'celsius' });
    mock.setHandler(openaiResponder({ toolCalls: [{ id: 'call_abc', name: 'get_weather', arguments: args }] }));
    const stream = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Bengaluru?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } } }],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Bengaluru', unit: 'celsius' });
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect((mock.requests[0]!.json as any).tools[0].function.name).toBe('get_weather');
  });

  it('parse() with a zod json_schema returns a typed object, and the schema reaches the upstream', async () => {
    const Person = z.object({ name: z.string(), age: z.number() });
    mock.setHandler(openaiResponder({ content: JSON.stringify({ name: 'Asha', age: 31 }) }));
    const completion = await client.chat.completions.parse({
      model: MODEL,
      messages: [{ role: 'user', content: 'Extract: Asha is 31.' }],
      response_format: zodResponseFormat(Person, 'person'),
    });
    expect(completion.choices[0]!.message.parsed).toEqual({ name: 'Asha', age: 31 });
    const sent = mock.requests[0]!.json as any;
    expect(sent.response_format.type).toBe('json_schema');
    expect(sent.response_format.json_schema.name).toBe('person');
    expect(sent.response_format.json_schema.schema.properties.age.type).toBe('number');
  });

  it('maps errors to the right SDK classes and codes: 401, 404, 400, 429, 502', async () => {
    const bad = new OpenAI({ apiKey: 'nm_not_a_real_key_000000000000000000000', baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ constructor: OpenAI.AuthenticationError, status: 401, code: 'invalid_api_key' });

    const notFound = await client.chat.completions.create({ model: 'no-such-model-xyz', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect((notFound as InstanceType<typeof OpenAI.NotFoundError>).requestID).toMatch(/^req_/);

    const badParam = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], temperature: 5 }).catch((e: unknown) => e);
    expect(badParam).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badParam).toMatchObject({ param: 'temperature', type: 'invalid_request_error' });

    mock.setHandler(() => ({ kind: 'json', status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '7' } }));
    const limited = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ code: 'rate_limit_exceeded' });
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');

    mock.setHandler(() => ({ kind: 'json', status: 500, body: { error: { message: `boom, key was ${PROVIDER_KEY}`, type: 'server_error' } } }));
    const upstream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(upstream).toBeInstanceOf(OpenAI.InternalServerError);
    expect(upstream).toMatchObject({ status: 502, code: 'upstream_error' });
    expect((upstream as Error).message).toContain('openai');
    expect((upstream as Error).message).not.toContain(PROVIDER_KEY);
    const failedReceiptId = (upstream as InstanceType<typeof OpenAI.APIError>).headers?.get('x-nextmodel-receipt-id');
    const failedReceipt = (await (await fetch(`${tg.baseUrl}/v1/receipts/${failedReceiptId}`, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
    expect(failedReceipt).toMatchObject({ status: 502, error_code: 'upstream_error', charged_inr: '0.000000' });
    // A 5xx on the only candidate is retried once with backoff; both attempts are on the receipt.
    expect(failedReceipt.attempts).toEqual([
      expect.objectContaining({ provider: 'openai', status: 502, error_code: 'upstream_error' }),
      expect.objectContaining({ provider: 'openai', status: 502, error_code: 'upstream_error' }),
    ]);
  });
});
