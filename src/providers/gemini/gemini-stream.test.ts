import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../openai/chat-response.js';
import { GatewayError } from '../../openai/errors.js';
import { SseDecoder } from '../../streaming/sse-decoder.js';
import { GeminiStreamTranslator } from './gemini-stream.js';
import { readGenerateContentResponse } from './gemini-wire.js';

function replay(name: string): { chunks: ChatChunk[]; translator: GeminiStreamTranslator } {
  const decoder = new SseDecoder();
  const events = [...decoder.push(readFileSync(new URL(`../../../test/fixtures/gemini/${name}`, import.meta.url))), ...decoder.end()];
  const translator = new GeminiStreamTranslator('gemini', 'gemini-2.5-flash', 1764460800);
  const chunks: ChatChunk[] = [];
  for (const event of events) {
    const parsed = readGenerateContentResponse(JSON.parse(event.data));
    if (parsed) chunks.push(...translator.push(parsed));
  }
  chunks.push(...translator.end());
  return { chunks, translator };
}

const base = { object: 'chat.completion.chunk', created: 1764460800, model: 'gemini-2.5-flash' } as const;

describe('GeminiStreamTranslator', () => {
  it('text stream: role chunk, reasoning and text deltas, finish chunk, usage chunk', () => {
    const { chunks, translator } = replay('stream.sse');
    const id = 'chatcmpl-strm0aPv3Ir2nz7IP';
    expect(chunks).toEqual([
      { id, ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { id, ...base, choices: [{ index: 0, delta: { reasoning_content: 'The user wants a short answer.' }, finish_reason: null }] },
      { id, ...base, choices: [{ index: 0, delta: { content: 'Streaming works' }, finish_reason: null }] },
      { id, ...base, choices: [{ index: 0, delta: { content: ' across providers.' }, finish_reason: null }] },
      { id, ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      {
        id,
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 40,
          completion_tokens: 12,
          total_tokens: 52,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 7 },
          gemini_usage_metadata: { promptTokenCount: 40, candidatesTokenCount: 5, totalTokenCount: 52, thoughtsTokenCount: 7 },
        },
      },
    ]);
    expect(translator.rawFinishReason).toBe('STOP');
  });

  it('function calls arrive whole: one complete tool-call delta each, with the same ids as a non-stream answer', () => {
    const { chunks } = replay('tool-stream.sse');
    const choices = chunks.flatMap((c) => c.choices);
    expect(choices.filter((c) => c.delta.tool_calls).map((c) => c.delta.tool_calls)).toEqual([
      [{ index: 0, id: 'call_tool0aPv3Ir2nz7IP_0__thought__CiQBcsjafBv0i8gX', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Chennai"}' } }],
      [{ index: 1, id: 'call_tool0aPv3Ir2nz7IP_1', type: 'function', function: { name: 'get_time', arguments: '{"city":"Chennai"}' } }],
    ]);
    expect(choices.at(-1)).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 60, completion_tokens: 20 });
  });

  it('a stream that ends without a finishReason is an error, not an answer', () => {
    expect(() => replay('truncated-stream.sse')).toThrow(GatewayError);
    expect(() => replay('truncated-stream.sse')).toThrow(/stream ended before the response was complete/);
  });

  it('a blocked prompt streams as a refusal with finish_reason content_filter', () => {
    const t = new GeminiStreamTranslator('gemini', 'gemini-2.5-flash', 1);
    const chunks = [...t.push(readGenerateContentResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 9 } })!), ...t.end()];
    expect(chunks.map((c) => c.choices[0]?.delta ?? c.usage)).toEqual([
      { role: 'assistant', content: '' },
      { refusal: "The prompt was blocked by the provider's content filter (blockReason: SAFETY)." },
      {},
      expect.objectContaining({ prompt_tokens: 9, completion_tokens: 0 }),
    ]);
    expect(chunks[2]?.choices[0]?.finish_reason).toBe('content_filter');
    expect(t.rawFinishReason).toBe('SAFETY');
  });

  it('keeps candidates apart when n > 1 and ignores a repeated empty final event', () => {
    const t = new GeminiStreamTranslator('gemini', 'gemini-2.5-flash', 1);
    const ev = (candidates: unknown[]) => readGenerateContentResponse({ candidates, responseId: 'r' })!;
    const chunks = [
      ...t.push(ev([{ content: { parts: [{ text: 'A' }] } }, { index: 1, content: { parts: [{ text: 'B' }] } }])),
      ...t.push(ev([{ content: { parts: [{ text: '!' }] }, finishReason: 'STOP' }, { index: 1, finishReason: 'MAX_TOKENS' }])),
      ...t.push(ev([{ finishReason: 'STOP' }])),
      ...t.end(),
    ];
    expect(chunks.map((c) => [c.choices[0]?.index, c.choices[0]?.delta, c.choices[0]?.finish_reason])).toEqual([
      [0, { role: 'assistant', content: '' }, null],
      [0, { content: 'A' }, null],
      [1, { role: 'assistant', content: '' }, null],
      [1, { content: 'B' }, null],
      [0, { content: '!' }, null],
      [0, {}, 'stop'],
      [1, {}, 'length'],
    ]);
  });
});
