import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../support/test-gateway.js';
import { getReceipt, MODEL, startCacheFixture, type CacheFixture } from './cache-fixture.js';

let f: CacheFixture;
beforeAll(async () => {
  f = await startCacheFixture();
});
afterAll(async () => f?.close());

const base = (content: string): OpenAI.ChatCompletionCreateParamsNonStreaming => ({
  model: MODEL,
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content },
  ],
  temperature: 0.2,
});

describe('verified exact cache through the openai SDK', () => {
  it('replays an identical request as exact_cache at the configured fraction, naming the source receipt', async () => {
    const first = await f.client.chat.completions.create(base('What is GST?')).withResponse();
    const before = f.upstreamCalls();
    const second = await f.client.chat.completions.create(base('What is GST?')).withResponse();
    expect(f.upstreamCalls()).toBe(before);
    expect(second.data.choices[0]!.message.content).toBe(first.data.choices[0]!.message.content);
    expect(second.data.usage).toEqual(first.data.usage);
    expect(first.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(first.response.headers.get('x-nextmodel-cache')).toBe('MISS');
    expect(second.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    expect(second.response.headers.get('x-nextmodel-cache')).toBe('HIT');
    expect(second.response.headers.get('x-nextmodel-usage-source')).toBe('replay');
    expect(Number(second.response.headers.get('x-nextmodel-cache-age'))).toBeGreaterThanOrEqual(0);

    const r1 = await getReceipt(f.tg, first.response.headers.get('x-nextmodel-receipt-id'));
    const r2 = await getReceipt(f.tg, second.response.headers.get('x-nextmodel-receipt-id'));
    expect(r2.serve_mode).toBe('exact_cache');
    expect(r2.cache.source_receipt_id).toBe(r1.id);
    expect(r2.usage_source).toBe('replay');
    expect(r2.usage).toEqual(r1.usage);
    expect(r2.response_hash).toBe(r1.response_hash);
    expect(r2.attempts).toEqual([]);
    // 90% discount (default): charged = list × 0.10, exactly, in µINR.
    const micro = (s: string) => BigInt(s.replace('.', ''));
    expect(micro(r2.list_cost_inr)).toBe(micro(r1.list_cost_inr));
    expect(micro(r2.charged_inr)).toBe((micro(r2.list_cost_inr) * 10n + 50n) / 100n);
    expect(micro(r2.discount_inr) + micro(r2.charged_inr)).toBe(micro(r2.list_cost_inr));
    expect(second.response.headers.get('x-nextmodel-cost-inr')).toBe(r2.charged_inr);
  });

  it('replays a stored stream as JSON and a stored JSON answer as a stream, both parsed by the SDK', async () => {
    const req = base('stream first');
    let streamed = '';
    for await (const c of await f.client.chat.completions.create({ ...req, stream: true })) streamed += c.choices[0]?.delta.content ?? '';
    const calls = f.upstreamCalls();
    const asJson = await f.client.chat.completions.create(req).withResponse();
    expect(f.upstreamCalls()).toBe(calls);
    expect(asJson.data.choices[0]!.message.content).toBe(streamed);
    expect(asJson.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');

    const json = await f.client.chat.completions.create(base('json first'));
    const calls2 = f.upstreamCalls();
    const stream = await f.client.chat.completions.create({ ...base('json first'), stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null = null;
    let trailer: any = null;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      if (c.usage) usage = c.usage;
      if ((c as any).nextmodel) trailer = (c as any).nextmodel;
    }
    expect(f.upstreamCalls()).toBe(calls2);
    expect(text).toBe(json.choices[0]!.message.content);
    expect(usage).toEqual(json.usage);
    expect(trailer.serve_mode).toBe('exact_cache');
  });

  it('replays a tool call as a stream the SDK assembles', async () => {
    f.setScript((_req, n) => ({ toolCalls: [{ id: `call_${n}`, name: 'lookup', arguments: '{"q":"paneer"}' }] }));
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const first = await f.client.chat.completions.create({ ...base('find paneer'), tools });
    const calls = f.upstreamCalls();
    const { messages, temperature } = base('find paneer');
    const final = await f.client.chat.completions.stream({ model: MODEL, messages, temperature, tools }).finalChatCompletion();
    expect(f.upstreamCalls()).toBe(calls);
    expect(final.choices[0]!.message.tool_calls).toEqual(first.choices[0]!.message.tool_calls);
    f.setScript((_req, n) => ({ content: `answer #${n}`, usage: { prompt_tokens: 1000, completion_tokens: 200 } }));
  });

  const variants: Array<[string, (p: OpenAI.ChatCompletionCreateParamsNonStreaming) => OpenAI.ChatCompletionCreateParamsNonStreaming]> = [
    ['system prompt', (p) => ({ ...p, messages: [{ role: 'system', content: 'You are verbose.' }, p.messages[1]!] })],
    ['one message', (p) => ({ ...p, messages: [p.messages[0]!, { role: 'user', content: 'What is GST? ' }] })],
    ['a tool schema', (p) => ({ ...p, tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object', properties: { a: { type: 'integer' } } } } }] })],
    ['response_format schema', (p) => ({ ...p, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { b: { type: 'string' } } } } } })],
    ['temperature', (p) => ({ ...p, temperature: 0.3 })],
    ['top_p', (p) => ({ ...p, top_p: 0.9 })],
    ['seed', (p) => ({ ...p, seed: 7 })],
    ['max_tokens', (p) => ({ ...p, max_completion_tokens: 99 })],
    ['stop', (p) => ({ ...p, stop: ['\n\n'] })],
    ['n', (p) => ({ ...p, n: 2 })],
    ['model', (p) => ({ ...p, model: 'gpt-6-luna' })],
  ];

  it('each output-changing field, changed alone, is a miss; user, metadata and stream alone are hits', async () => {
    const original = base('key fields probe');
    await f.client.chat.completions.create(original);
    // The tool and schema variants need a base that has tools/response_format to differ from: both absent here, so adding them is a change.
    f.setScript((req, n) => {
      const body = req.json as { response_format?: { type: string }; n?: number };
      if (body.response_format?.type === 'json_schema') return { content: '{"b":"x"}' };
      return { content: `answer #${n}`, usage: { prompt_tokens: 10, completion_tokens: 2 } };
    });
    for (const [name, change] of variants) {
      const calls = f.upstreamCalls();
      const res = await f.client.chat.completions.create(change(original)).withResponse();
      expect(res.response.headers.get('x-nextmodel-serve-mode'), name).toBe('fresh');
      expect(f.upstreamCalls(), name).toBe(calls + 1);
    }
    const calls = f.upstreamCalls();
    for (const same of [{ ...original, user: 'someone-else' }, { ...original, metadata: { ticket: '42' } }]) {
      const res = await f.client.chat.completions.create(same).withResponse();
      expect(res.response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
    }
    for await (const _ of await f.client.chat.completions.create({ ...original, stream: true })) void _;
    expect(f.upstreamCalls()).toBe(calls);
    f.setScript((_req, n) => ({ content: `answer #${n}`, usage: { prompt_tokens: 1000, completion_tokens: 200 } }));
  });

  it('never shares entries across projects, and tells project B nothing about project A', async () => {
    const project = await adminCall(f.tg, 'POST', '/v1/admin/projects', { name: 'tenant-b' });
    const key = await adminCall(f.tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const b = new OpenAI({ apiKey: key.json.key, baseURL: `${f.tg.baseUrl}/v1`, maxRetries: 0 });
    const req = base('tenant secret question');
    const a1 = await f.client.chat.completions.create(req).withResponse();
    const calls = f.upstreamCalls();
    const b1 = await b.chat.completions.create(req).withResponse();
    expect(f.upstreamCalls()).toBe(calls + 1);
    expect(b1.response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
    expect(b1.response.headers.get('x-nextmodel-cache')).toBe('MISS');
    expect(b1.response.headers.get('x-nextmodel-cache-age')).toBeNull();
    expect(b1.data.choices[0]!.message.content).not.toBe(a1.data.choices[0]!.message.content);
    // B's own repeat hits B's own entry, whose source receipt is B's.
    const b2 = await b.chat.completions.create(req).withResponse();
    const r = await getReceipt(f.tg, b2.response.headers.get('x-nextmodel-receipt-id'), key.json.key);
    expect(r.cache.source_receipt_id).toBe(b1.response.headers.get('x-nextmodel-receipt-id'));
    // …and B cannot fetch A's source receipt.
    expect((await getReceipt(f.tg, a1.response.headers.get('x-nextmodel-receipt-id'), key.json.key)).error.code).toBe('receipt_not_found');
  });
});
