import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatChunk } from '../../openai/chat-response.js';
import { GatewayError } from '../../openai/errors.js';
import { SseDecoder } from '../../streaming/sse-decoder.js';
import { AnthropicStreamTranslator, type StreamContext } from './anthropic-stream.js';

const ctx: StreamContext = { provider: 'anthropic', fallbackModel: 'claude-sonnet-4-5-20250929', jsonTool: null, secrets: ['sk-ant-secret-123'], created: 1764460800 };

function events(sse: string) {
  const decoder = new SseDecoder();
  return [...decoder.push(sse), ...decoder.end()];
}

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/anthropic/${name}`, import.meta.url), 'utf8');

function run(sse: string, c = ctx): { chunks: ChatChunk[]; translator: AnthropicStreamTranslator } {
  const translator = new AnthropicStreamTranslator(c);
  const chunks = events(sse).flatMap((e) => translator.push(e));
  return { chunks, translator };
}

const base = { id: 'msg_01XFDUDYJgAACzvnptvVoYEL', object: 'chat.completion.chunk', created: 1764460800, model: 'claude-sonnet-4-5-20250929' };
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: d, finish_reason: finish }] });

describe('AnthropicStreamTranslator', () => {
  it('thinking + text + usage (fixture stream.sse)', () => {
    const { chunks, translator } = run(fixture('stream.sse'));
    translator.finish();
    expect(translator.rawFinishReason).toBe('end_turn');
    expect(chunks).toEqual([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'The user says hi.' }),
      delta({ reasoning_content: ' A short greeting back is enough.' }),
      delta({ content: 'Hello!' }),
      delta({ content: ' How can I help?' }),
      delta({}, 'stop'),
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 3860,
          completion_tokens: 45,
          total_tokens: 3905,
          prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 2048 },
          completion_tokens_details: { reasoning_tokens: 30 },
          anthropic_usage: { input_tokens: 12, cache_creation_input_tokens: 2048, cache_read_input_tokens: 1800, output_tokens: 45, service_tier: 'standard', output_tokens_details: { thinking_tokens: 30 } },
        },
      },
    ]);
  });

  it('tool_use blocks → tool_calls deltas indexed among tool calls (fixture tool-stream.sse)', () => {
    const { chunks, translator } = run(fixture('tool-stream.sse'));
    translator.finish();
    const b = { ...base, id: 'msg_014p7gG3wDgGV9EUtLvnow3U' };
    const d = (x: Record<string, unknown>, finish: string | null = null) => ({ ...b, choices: [{ index: 0, delta: x, finish_reason: finish }] });
    expect(chunks.slice(0, -1)).toEqual([
      d({ role: 'assistant', content: '' }),
      d({ content: "Okay, let's check." }),
      d({ tool_calls: [{ index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      d({ tool_calls: [{ index: 0, function: { arguments: '{"city": "San' } }] }),
      d({ tool_calls: [{ index: 0, function: { arguments: ' Francisco"}' } }] }),
      d({ tool_calls: [{ index: 1, id: 'toolu_01Z9sF2nQp4kLm8Rt6Vx3Wy1', type: 'function', function: { name: 'get_time', arguments: '' } }] }),
      d({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      d({}, 'tool_calls'),
    ]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 472, completion_tokens: 89, total_tokens: 561 } });
  });

  it('a json_object stream: the forced tool input streams as content, finish stop', () => {
    const sse = [
      { type: 'message_start', message: { id: 'msg_j', model: 'claude-haiku-4-5-20251001', usage: { input_tokens: 50, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_j', name: 'json_object', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '"Mumbai"}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 15 } },
      { type: 'message_stop' },
    ]
      .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
      .join('');
    const { chunks, translator } = run(sse, { ...ctx, jsonTool: 'json_object' });
    expect(translator.rawFinishReason).toBe('tool_use');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null).join('')).toBe('{"city":"Mumbai"}');
    expect(chunks.some((c) => c.choices[0]?.delta.tool_calls)).toBe(false);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('an error event mid-stream throws a non-retryable upstream error, secrets scrubbed', () => {
    const translator = new AnthropicStreamTranslator(ctx);
    const all = events(fixture('error-stream.sse'));
    const seen: ChatChunk[] = [];
    let thrown: unknown;
    try {
      for (const e of all) seen.push(...translator.push(e));
    } catch (err) {
      thrown = err;
    }
    expect(seen.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Once upon']);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ status: 502, code: 'upstream_error', retryable: false, message: 'anthropic: stream failed: overloaded_error: Overloaded' });
    const leaky = new AnthropicStreamTranslator(ctx);
    expect(() => leaky.push({ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'bad key sk-ant-secret-123' } }), id: null })).toThrow(/\[redacted\]/);
  });

  it('a stream that ends without message_stop is truncated, even after message_delta', () => {
    const { chunks, translator } = run(fixture('truncated-stream.sse'));
    expect(chunks.some((c) => c.choices[0]?.finish_reason)).toBe(false);
    expect(() => translator.finish()).toThrow(expect.objectContaining({ code: 'upstream_error', retryable: false }));
  });

  it('message_stop with no stop_reason finishes as other; unknown events and pings are skipped', () => {
    const sse = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":1,"output_tokens":1}}}\n\n',
      'event: ping\ndata: {"type":"ping"}\n\n',
      'event: brand_new_event\ndata: {"type":"brand_new_event","x":1}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join('');
    const { chunks, translator } = run(sse);
    translator.finish();
    expect(chunks.map((c) => c.choices[0]?.finish_reason ?? null)).toEqual([null, 'other', null]);
  });

  it('invalid JSON in an event is an upstream error', () => {
    const translator = new AnthropicStreamTranslator(ctx);
    expect(() => translator.push({ event: 'content_block_delta', data: '{not json', id: null })).toThrow(expect.objectContaining({ code: 'upstream_error', retryable: false }));
  });
});
