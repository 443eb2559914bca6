import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The Vercel AI SDK (ai 5 + @ai-sdk/openai-compatible 1) with only its baseURL pointed at the
 * gateway, which forwards to a loopback mock of OpenAI: text, usage and tool calls come through.
 */

const MODEL = 'gpt-5.5';
const PROVIDER_KEY = 'sk-test-provider-key-vercel-0123456789';
let mock: MockUpstream;
let tg: TestGateway;

const provider = (includeUsage: boolean) =>
  createOpenAICompatible({ name: 'nextmodel', baseURL: `${tg.baseUrl}/v1`, apiKey: tg.projectKey, includeUsage });

beforeAll(async () => {
  mock = new MockUpstream(openaiResponder({}));
  const url = await mock.start();
  tg = await startTestGateway({ providers: { openai: { api_key: PROVIDER_KEY, base_url: url } } });
});
afterAll(async () => {
  await tg?.close();
  await mock?.stop();
});
beforeEach(() => {
  mock.requests.length = 0;
});

describe('Vercel AI SDK against the gateway', () => {
  it('generateText: the text and every usage count come through, with the gateway headers', async () => {
    mock.setHandler(openaiResponder({ content: 'Namaste from the mock upstream.', usage: { prompt_tokens: 321, completion_tokens: 45, cached_tokens: 20, reasoning_tokens: 7 } }));
    const result = await generateText({ model: provider(true).chatModel(MODEL), prompt: 'Say namaste', maxRetries: 0 });

    expect(result.text).toBe('Namaste from the mock upstream.');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 321, outputTokens: 45, totalTokens: 366, reasoningTokens: 7, cachedInputTokens: 20 });
    expect(result.response.headers?.['x-nextmodel-provider']).toBe('openai');
    expect(result.response.headers?.['x-nextmodel-receipt-id']).toMatch(/^rcpt_/);
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect((mock.requests[0]!.json as { messages: unknown[] }).messages).toEqual([{ role: 'user', content: 'Say namaste' }]);
  });

  it('streamText: the assembled text equals the mock text and usage arrives when includeUsage is set', async () => {
    const text = 'The quick brown fox jumps over the lazy dog';
    mock.setHandler(openaiResponder({ content: text, usage: { prompt_tokens: 9, completion_tokens: 10, reasoning_tokens: 2 } }));
    const result = streamText({ model: provider(true).chatModel(MODEL), prompt: 'Tell me about foxes', maxRetries: 0 });

    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1); // really streamed, not one blob
    expect(deltas.join('')).toBe(text);
    expect(await result.text).toBe(text);
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 9, outputTokens: 10, totalTokens: 19, reasoningTokens: 2 });
    expect((mock.requests[0]!.json as { stream: boolean }).stream).toBe(true);
  });

  it('streamText without includeUsage: no usage chunk is sent to the client, yet the upstream was asked for usage', async () => {
    mock.setHandler(openaiResponder({ content: 'short answer', usage: { prompt_tokens: 4, completion_tokens: 2 } }));
    const result = streamText({ model: provider(false).chatModel(MODEL), prompt: 'Be brief', maxRetries: 0 });
    expect(await result.text).toBe('short answer');
    expect((await result.usage).inputTokens).toBeUndefined();
    expect((mock.requests[0]!.json as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it('generateText with a zod tool: the call is parsed and executed, and the tool result goes back upstream', async () => {
    const args = { city: 'Bengaluru', unit: 'celsius' as const };
    mock.setHandler(
      openaiResponder((req) => {
        const messages = (req.json as { messages: Array<{ role: string }> }).messages;
        return messages.some((m) => m.role === 'tool')
          ? { content: 'It is 31 degrees in Bengaluru.', usage: { prompt_tokens: 60, completion_tokens: 8 } }
          : { toolCalls: [{ id: 'call_weather_1', name: 'get_weather', arguments: JSON.stringify(args) }], usage: { prompt_tokens: 50, completion_tokens: 12 } };
      }),
    );
    const executed: unknown[] = [];
    const result = await generateText({
      model: provider(true).chatModel(MODEL),
      prompt: 'Weather in Bengaluru?',
      maxRetries: 0,
      stopWhen: stepCountIs(2),
      tools: {
        get_weather: tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']) }),
          execute: async (input) => {
            executed.push(input);
            return { temperature: 31, unit: input.unit };
          },
        }),
      },
    });

    expect(result.steps).toHaveLength(2);
    const first = result.steps[0]!;
    expect(first.finishReason).toBe('tool-calls');
    expect(first.toolCalls).toEqual([expect.objectContaining({ toolCallId: 'call_weather_1', toolName: 'get_weather', input: args })]);
    expect(executed).toEqual([args]);
    expect(result.text).toBe('It is 31 degrees in Bengaluru.');
    expect(result.totalUsage).toMatchObject({ inputTokens: 110, outputTokens: 20 });

    const [firstReq, secondReq] = mock.requests.map((r) => r.json as any);
    const fn = firstReq.tools[0].function;
    expect(fn.name).toBe('get_weather');
    expect(fn.parameters.properties.city.type).toBe('string');
    expect(fn.parameters.properties.unit.enum).toEqual(['celsius', 'fahrenheit']);
    const toolMsg = secondReq.messages.find((m: { role: string }) => m.role === 'tool');
    expect(toolMsg.tool_call_id).toBe('call_weather_1');
    expect(JSON.parse(toolMsg.content)).toEqual({ temperature: 31, unit: 'celsius' });
    const assistant = secondReq.messages.find((m: { role: string }) => m.role === 'assistant');
    expect(assistant.tool_calls[0]).toMatchObject({ id: 'call_weather_1', type: 'function', function: { name: 'get_weather' } });
  });
});
