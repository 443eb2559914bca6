import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toChatCompletion } from './anthropic-response.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/anthropic/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const ctx = { fallbackModel: 'claude-sonnet-4-5-20250929', jsonTool: null, created: 1764460800 };

describe('toChatCompletion', () => {
  it('text + thinking + cache usage (fixture message.json)', () => {
    const raw = fixture('message.json');
    expect(toChatCompletion(raw, ctx)).toEqual({
      rawFinishReason: 'end_turn',
      completion: {
        id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
        object: 'chat.completion',
        created: 1764460800,
        model: 'claude-sonnet-4-5-20250929',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello! How can I help?', refusal: null, reasoning_content: 'The user says hi. A short greeting back is enough.' },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: 3860,
          completion_tokens: 45,
          total_tokens: 3905,
          prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 2048 },
          completion_tokens_details: { reasoning_tokens: 30 },
          anthropic_usage: raw.usage,
        },
      },
    });
  });

  it('parallel tool_use blocks → tool_calls (fixture tool-use.json)', () => {
    const result = toChatCompletion(fixture('tool-use.json'), ctx);
    expect(result?.rawFinishReason).toBe('tool_use');
    expect(result?.completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: "I'll check both for you.",
        refusal: null,
        tool_calls: [
          { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Pune"}' } },
          { id: 'toolu_01B12r34st56uv78wx90yz12', type: 'function', function: { name: 'get_time', arguments: '{"city":"Pune"}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  it('a json_object answer: the forced tool input becomes the content, finish stop, raw tool_use kept', () => {
    const raw = {
      id: 'msg_json',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_object', input: { city: 'Mumbai', population_millions: 21.3 } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 15 },
    };
    const result = toChatCompletion(raw, { ...ctx, jsonTool: 'json_object' });
    expect(result?.rawFinishReason).toBe('tool_use');
    expect(result?.completion.choices[0]?.message).toEqual({ role: 'assistant', content: '{"city":"Mumbai","population_millions":21.3}', refusal: null });
    expect(result?.completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('a refusal → content_filter with the explanation as refusal; unknown stop reasons → other', () => {
    const refused = toChatCompletion(
      { id: 'm', type: 'message', model: 'x', content: [], stop_reason: 'refusal', stop_details: { type: 'refusal', category: 'cyber', explanation: 'Malware development.' }, usage: { input_tokens: 1, output_tokens: 0 } },
      ctx,
    );
    expect(refused?.completion.choices[0]).toMatchObject({ message: { content: null, refusal: 'Malware development.' }, finish_reason: 'content_filter' });
    const paused = toChatCompletion({ id: 'm', type: 'message', model: 'x', content: [{ type: 'text', text: 'Searching' }], stop_reason: 'pause_turn', usage: {} }, ctx);
    expect(paused?.completion.choices[0]?.finish_reason).toBe('other');
    expect(paused?.rawFinishReason).toBe('pause_turn');
  });

  it('anything that is not a message (an error envelope) → null', () => {
    expect(toChatCompletion(fixture('error.json'), ctx)).toBeNull();
    expect(toChatCompletion('nope', ctx)).toBeNull();
  });
});
