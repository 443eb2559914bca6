import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MockUpstream } from '../support/mock-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import type { ProviderKit, Scenario, ScenarioUsage } from './provider-kit.js';

/**
 * The one conformance suite every provider adapter runs (STYLE rule 4): chat, stream, tool calls
 * (plain and streamed), json_schema, multi-turn with tool results, image input, upstream errors,
 * usage and cost — all through the official `openai` SDK, against a loopback mock speaking the
 * provider's own wire format.
 */

const API_KEY = 'conformance-provider-key-0123456789';
const usage = (prompt: number, completion: number, cached = 0, reasoning = 0): ScenarioUsage => ({ prompt, completion, cached, reasoning });

export function runProviderConformance(kit: ProviderKit, extraConfig: Record<string, unknown> = {}): void {
  describe(`provider conformance: ${kit.name}`, () => {
    let mock: MockUpstream;
    let tg: TestGateway;
    let client: OpenAI;
    let scenario: Scenario = { kind: 'text', text: 'hello', usage: usage(10, 2) };

    beforeAll(async () => {
      mock = new MockUpstream((req) => kit.handler(scenario)(req));
      const url = await mock.start();
      // No same-candidate waits on 429 here: the suite checks error mapping, not retry timing.
      tg = await startTestGateway({ providers: { [kit.provider]: { api_key: API_KEY, base_url: url } }, routing: { max_retry_wait_ms: 0 }, ...extraConfig });
      client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    });
    afterAll(async () => {
      await tg?.close();
      await mock?.stop();
    });
    beforeEach(() => {
      mock.requests.length = 0;
    });

    async function receiptFor(id: string | null): Promise<any> {
      const res = await fetch(`${tg.baseUrl}/v1/receipts/${id}`, { headers: { authorization: `Bearer ${tg.projectKey}` } });
      return res.json();
    }

    it('chat: text, usage with cached and reasoning tokens, receipt priced from the catalog', async () => {
      scenario = { kind: 'text', text: 'Namaste! How can I help?', usage: usage(1200, 300, 1000, 120) };
      const { data, response } = await client.chat.completions.create({ model: kit.model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], max_tokens: 400 }).withResponse();
      expect(data.choices[0]!.message.content).toBe('Namaste! How can I help?');
      expect(data.choices[0]!.finish_reason).toBe('stop');
      expect(data.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 });
      expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(1000);
      expect(data.usage?.completion_tokens_details?.reasoning_tokens).toBe(120);
      expect(mock.requests).toHaveLength(1);
      kit.checkRequest(mock.requests[0]!, { stream: false, apiKey: API_KEY });
      expect(kit.isStreamRequest(mock.requests[0]!)).toBe(false);
      const receipt = await receiptFor(response.headers.get('x-nextmodel-receipt-id'));
      expect(receipt.usage).toEqual({ prompt: 1200, completion: 300, cached: 1000, reasoning: 120, total: 1500 });
      expect(receipt.provider).toBe(kit.provider);
      expect(Number(receipt.list_cost_inr)).toBeGreaterThan(0);
    });

    it('stream: text assembled by the SDK, usage chunk when asked, receipt trailer', async () => {
      if (kit.skips?.stream) return void console.warn(`[skip] ${kit.name} stream: ${kit.skips.stream}`);
      scenario = { kind: 'text', text: 'Streaming works across providers, one token at a time.', usage: usage(40, 12) };
      const stream = await client.chat.completions.create({ model: kit.model, messages: [{ role: 'user', content: 'Say it' }], stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usageSeen: OpenAI.CompletionUsage | null = null;
      let trailer: any = null;
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
        if (chunk.usage) usageSeen = chunk.usage;
        if ((chunk as any).nextmodel) trailer = (chunk as any).nextmodel;
      }
      expect(text).toBe('Streaming works across providers, one token at a time.');
      expect(finish).toBe('stop');
      expect(usageSeen).toMatchObject({ prompt_tokens: 40, completion_tokens: 12 });
      expect(kit.isStreamRequest(mock.requests[0]!)).toBe(true);
      kit.checkRequest(mock.requests[0]!, { stream: true, apiKey: API_KEY });
      const receipt = await receiptFor(trailer.receipt_id);
      expect(receipt).toMatchObject({ stream: true, usage_source: 'upstream', status: 200 });
      expect(receipt.usage.completion).toBe(12);
    });

    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
      { type: 'function', function: { name: 'get_time', description: 'Local time for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];

    it('tool calls, not streamed (two in parallel)', async () => {
      if (kit.skips?.tools) return void console.warn(`[skip] ${kit.name} tools: ${kit.skips.tools}`);
      scenario = { kind: 'tool', calls: [{ id: 'call_1', name: 'get_weather', args: { city: 'Pune' } }, { id: 'call_2', name: 'get_time', args: { city: 'Pune' } }], usage: usage(80, 30) };
      const res = await client.chat.completions.create({ model: kit.model, messages: [{ role: 'user', content: 'Weather and time in Pune?' }], tools, tool_choice: 'auto' });
      const calls = res.choices[0]!.message.tool_calls!;
      expect(res.choices[0]!.finish_reason).toBe('tool_calls');
      expect(calls.map((c) => c.type === 'function' && c.function.name)).toEqual(['get_weather', 'get_time']);
      expect(calls.map((c) => c.type === 'function' && JSON.parse(c.function.arguments))).toEqual([{ city: 'Pune' }, { city: 'Pune' }]);
      expect(calls.every((c) => typeof c.id === 'string' && c.id.length > 0)).toBe(true);
    });

    it('tool call, streamed, assembled by the SDK', async () => {
      if (kit.skips?.tools) return void console.warn(`[skip] ${kit.name} tools: ${kit.skips.tools}`);
      scenario = { kind: 'tool', calls: [{ id: 'call_9', name: 'get_weather', args: { city: 'Chennai' } }], usage: usage(60, 20) };
      const final = await client.chat.completions.stream({ model: kit.model, messages: [{ role: 'user', content: 'Weather in Chennai?' }], tools }).finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls![0]!;
      expect(call.type === 'function' && call.function.name).toBe('get_weather');
      expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Chennai' });
      expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    });

    it('multi-turn with tool results reaches the upstream in its own format', async () => {
      if (kit.skips?.tools) return void console.warn(`[skip] ${kit.name} tools: ${kit.skips.tools}`);
      scenario = { kind: 'text', text: 'It is 31°C in Pune.', usage: usage(120, 10) };
      const res = await client.chat.completions.create({
        model: kit.model,
        tools,
        messages: [
          { role: 'user', content: 'Weather in Pune?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Pune"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":31}' },
        ],
      });
      expect(res.choices[0]!.message.content).toBe('It is 31°C in Pune.');
      expect(kit.toolResultSeen(mock.requests[0]!)).toEqual({ toolCallId: 'call_1', content: '{"temp_c":31}' });
    });

    it('json_schema via parse()', async () => {
      if (kit.skips?.json_schema) return void console.warn(`[skip] ${kit.name} json_schema: ${kit.skips.json_schema}`);
      const City = z.object({ city: z.string(), population_millions: z.number() });
      scenario = { kind: 'json', value: { city: 'Mumbai', population_millions: 21.3 }, usage: usage(50, 15) };
      const parsed = await client.chat.completions.parse({ model: kit.model, messages: [{ role: 'user', content: 'Largest city in Maharashtra?' }], response_format: zodResponseFormat(City, 'city') });
      expect(parsed.choices[0]!.message.parsed).toEqual({ city: 'Mumbai', population_millions: 21.3 });
    });

    it('image input where the model supports it', async () => {
      if (kit.skips?.vision) return void console.warn(`[skip] ${kit.name} vision: ${kit.skips.vision}`);
      scenario = { kind: 'text', text: 'A red square.', usage: usage(300, 4) };
      const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
      const res = await client.chat.completions.create({
        model: kit.model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] }],
      });
      expect(res.choices[0]!.message.content).toBe('A red square.');
      expect(kit.imageSeen(mock.requests[0]!)).toBe(true);
    });

    for (const [status, expected] of [
      [401, { status: 502, code: 'upstream_error' }],
      [429, { status: 429, code: 'rate_limit_exceeded' }],
      [500, { status: 502, code: 'upstream_error' }],
    ] as const) {
      it(`upstream ${status} → ${expected.status} ${expected.code}, provider named, key never shown, zero charge`, async () => {
        scenario = { kind: 'error', status, message: `simulated ${status} for ${API_KEY}` };
        const err = (await client.chat.completions.create({ model: kit.model, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
        expect(err).toBeInstanceOf(OpenAI.APIError);
        expect(err.status).toBe(expected.status);
        expect(err.code).toBe(expected.code);
        expect(err.message).toContain(kit.provider);
        expect(err.message).not.toContain(API_KEY);
        const receipt = await receiptFor(err.headers?.get('x-nextmodel-receipt-id') ?? null);
        expect(receipt).toMatchObject({ status: expected.status, charged_inr: '0.000000' });
      });
    }
  });
}
