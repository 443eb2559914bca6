import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChatCompletion } from './gemini-response.js';
import { readGenerateContentResponse } from './gemini-wire.js';

const fixture = (name: string) => {
  const parsed = readGenerateContentResponse(JSON.parse(readFileSync(new URL(`../../../test/fixtures/gemini/${name}`, import.meta.url), 'utf8')));
  if (!parsed) throw new Error(`${name} is not a GenerateContentResponse`);
  return parsed;
};
const opts = { fallbackModel: 'gemini-2.5-flash', created: 1764460800 };

describe('toChatCompletion', () => {
  it('text with thoughts: reasoning_content, usage with cached and reasoning tokens, raw usage kept', () => {
    expect(toChatCompletion(fixture('chat.json'), opts)).toEqual({
      rawFinishReason: 'STOP',
      completion: {
        id: 'chatcmpl-mVQ0aPv3Ir2nz7IPxNqJmQg',
        object: 'chat.completion',
        created: 1764460800,
        model: 'gemini-2.5-flash',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Namaste! How can I help?', refusal: null, reasoning_content: '**Greeting back**\n\nThe user says hi; answer briefly.' },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: 1200,
          completion_tokens: 300,
          total_tokens: 1500,
          prompt_tokens_details: { cached_tokens: 1000 },
          completion_tokens_details: { reasoning_tokens: 120 },
          gemini_usage_metadata: {
            promptTokenCount: 1200,
            candidatesTokenCount: 180,
            totalTokenCount: 1500,
            cachedContentTokenCount: 1000,
            promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1200 }],
            cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1000 }],
            thoughtsTokenCount: 120,
          },
        },
      },
    });
  });

  it('parallel function calls: synthetic ids from the responseId, the signature carried in the first id, finish tool_calls', () => {
    const { completion, rawFinishReason } = toChatCompletion(fixture('tool-call.json'), opts)!;
    expect(rawFinishReason).toBe('STOP');
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [
          { id: 'call_Ks5haNWDLLyBz7IPypLv0QY_0__thought__CiQBcsjafBv0i8gX-_3YZ1k', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Pune"}' } },
          { id: 'call_Ks5haNWDLLyBz7IPypLv0QY_1', type: 'function', function: { name: 'get_time', arguments: '{"city":"Pune"}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(completion.usage).toMatchObject({ prompt_tokens: 80, completion_tokens: 30, total_tokens: 110, completion_tokens_details: { reasoning_tokens: 8 } });
  });

  it('a blocked prompt is a content_filter answer with a refusal, billed for the prompt', () => {
    const { completion, rawFinishReason } = toChatCompletion(fixture('prompt-blocked.json'), opts)!;
    expect(rawFinishReason).toBe('PROHIBITED_CONTENT');
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: "The prompt was blocked by the provider's content filter (blockReason: PROHIBITED_CONTENT)." },
        finish_reason: 'content_filter',
        logprobs: null,
      },
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 0, total_tokens: 14 });
  });

  it('a candidate stopped for SAFETY has no content and finish_reason content_filter', () => {
    const { completion, rawFinishReason } = toChatCompletion(fixture('safety.json'), opts)!;
    expect(rawFinishReason).toBe('SAFETY');
    expect(completion.choices[0]).toMatchObject({ message: { content: null }, finish_reason: 'content_filter' });
  });

  it('several candidates, logprobs in OpenAI shape, MAX_TOKENS → length, unknown endings → other', () => {
    const { completion, rawFinishReason } = toChatCompletion(fixture('logprobs.json'), opts)!;
    expect(rawFinishReason).toBe('MAX_TOKENS');
    expect(completion.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'Yes', 'length'],
      [1, 'No', 'other'],
    ]);
    expect(completion.choices[0]!.logprobs).toEqual({
      content: [
        {
          token: 'Yes',
          logprob: -0.0101,
          bytes: [89, 101, 115],
          top_logprobs: [
            { token: 'Yes', logprob: -0.0101, bytes: [89, 101, 115] },
            { token: 'No', logprob: -4.6052, bytes: [78, 111] },
          ],
        },
      ],
      refusal: null,
    });
  });

  it('an empty text part that only carries a signature adds no content', () => {
    const res = readGenerateContentResponse({ candidates: [{ content: { parts: [{ text: 'Done.' }, { text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }] })!;
    expect(toChatCompletion(res, opts)!.completion.choices[0]!.message.content).toBe('Done.');
    const onlySig = readGenerateContentResponse({ candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'c2ln' }] }, finishReason: 'STOP' }] })!;
    expect(toChatCompletion(onlySig, opts)!.completion.choices[0]!.message.content).toBeNull();
  });

  it('is null for a body that is neither candidates nor a block', () => {
    expect(toChatCompletion(readGenerateContentResponse({ usageMetadata: { promptTokenCount: 3 } })!, opts)).toBeNull();
    expect(readGenerateContentResponse({ error: { code: 500 } })).toBeNull();
  });
});
