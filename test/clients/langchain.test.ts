import { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * LangChain's ChatOpenAI (@langchain/openai 0.6, which bundles its own openai SDK 5) with only
 * `configuration.baseURL` pointed at the gateway, forwarding to a loopback mock of OpenAI.
 */

const MODEL = 'gpt-5.5';
const PROVIDER_KEY = 'sk-test-provider-key-langchain-012345';
let mock: MockUpstream;
let tg: TestGateway;

const chat = (extra: Partial<ConstructorParameters<typeof ChatOpenAI>[0]> = {}) =>
  new ChatOpenAI({ model: MODEL, apiKey: tg.projectKey, configuration: { baseURL: `${tg.baseUrl}/v1` }, maxRetries: 0, ...extra });

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

describe('LangChain ChatOpenAI against the gateway', () => {
  it('invoke(): content, usage_metadata (with cache and reasoning details) and finish reason come through', async () => {
    mock.setHandler(openaiResponder({ content: 'Namaste from the mock upstream.', usage: { prompt_tokens: 210, completion_tokens: 33, cached_tokens: 64, reasoning_tokens: 5 } }));
    const message = await chat().invoke([['system', 'You are terse.'], ['human', 'Say namaste']]);

    expect(message.content).toBe('Namaste from the mock upstream.');
    expect(message.usage_metadata).toMatchObject({ input_tokens: 210, output_tokens: 33, total_tokens: 243 });
    expect(message.usage_metadata?.input_token_details?.cache_read).toBe(64);
    expect(message.usage_metadata?.output_token_details?.reasoning).toBe(5);
    expect(message.response_metadata).toMatchObject({ finish_reason: 'stop', model_name: MODEL });
    const sent = mock.requests[0]!.json as { messages: Array<{ role: string; content: string }> };
    // LangChain itself sends `system` as `developer` for gpt-5*/o* models; the gateway passes it on as is.
    expect(sent.messages).toEqual([{ role: 'developer', content: 'You are terse.' }, { role: 'user', content: 'Say namaste' }]);
    expect(mock.requests[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it('stream(): the chunks assemble to the mock text, and the final usage_metadata is there', async () => {
    const text = 'The quick brown fox jumps over the lazy dog';
    mock.setHandler(openaiResponder({ content: text, usage: { prompt_tokens: 9, completion_tokens: 10 } }));

    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chat().stream('Tell me about foxes')) chunks.push(chunk);
    expect(chunks.filter((c) => typeof c.content === 'string' && c.content.length > 0).length).toBeGreaterThan(1);
    const whole = chunks.reduce((acc, c) => acc.concat(c));
    expect(whole.content).toBe(text);
    expect(whole.usage_metadata).toMatchObject({ input_tokens: 9, output_tokens: 10, total_tokens: 19 });
    expect((mock.requests[0]!.json as { stream: boolean }).stream).toBe(true);
  });

  it('stream() with streamUsage: false still assembles the text and reports no usage', async () => {
    mock.setHandler(openaiResponder({ content: 'short answer', usage: { prompt_tokens: 4, completion_tokens: 2 } }));
    let assembled = '';
    let usage: unknown;
    for await (const chunk of await chat({ streamUsage: false }).stream('Be brief')) {
      assembled += String(chunk.content);
      usage ??= chunk.usage_metadata;
    }
    expect(assembled).toBe('short answer');
    expect(usage).toBeUndefined();
  });

  it('bindTools + invoke(): a tool call comes back parsed, and the zod schema reached the upstream', async () => {
    mock.setHandler(openaiResponder({ toolCalls: [{ id: 'call_lc_1', name: 'get_weather', arguments: JSON.stringify({ city: 'Pune' }) }] }));
    const schema = z.object({ city: z.string().describe('city name') });
    const message = await chat()
      .bindTools([{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: z.toJSONSchema(schema) } }])
      .invoke('Weather in Pune?');

    expect(message.tool_calls).toEqual([expect.objectContaining({ id: 'call_lc_1', name: 'get_weather', args: { city: 'Pune' } })]);
    expect(message.response_metadata.finish_reason).toBe('tool_calls');
    const sentTool = (mock.requests[0]!.json as any).tools[0].function;
    expect(sentTool.name).toBe('get_weather');
    expect(sentTool.parameters.properties.city).toMatchObject({ type: 'string', description: 'city name' });
  });
});
