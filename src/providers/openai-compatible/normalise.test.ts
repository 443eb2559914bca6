import { describe, expect, it } from 'vitest';
import { normaliseChunk, normaliseCompletion, normaliseUsage } from './normalise.js';

const plain = { reasoningField: null };
const xai = { reasoningField: 'reasoning_content', completionExcludesReasoning: true };

describe('normaliseUsage', () => {
  it('xAI: adds reasoning tokens to completion (OpenAI semantics) and keeps the raw count', () => {
    const raw = {
      prompt_tokens: 159,
      completion_tokens: 7,
      total_tokens: 308,
      prompt_tokens_details: { text_tokens: 159, cached_tokens: 128 },
      completion_tokens_details: { reasoning_tokens: 142 },
      num_sources_used: 0,
    };
    expect(normaliseUsage(raw, xai)).toEqual({
      prompt_tokens: 159,
      completion_tokens: 149,
      total_tokens: 308,
      prompt_tokens_details: { text_tokens: 159, cached_tokens: 128 },
      completion_tokens_details: { reasoning_tokens: 142 },
      num_sources_used: 0,
      raw_usage: { completion_tokens: 7 },
    });
  });

  it('xAI: leaves a usage alone whose total shows reasoning is already in completion', () => {
    const openaiShaped = { prompt_tokens: 10, completion_tokens: 30, total_tokens: 40, completion_tokens_details: { reasoning_tokens: 20 } };
    expect(normaliseUsage(openaiShaped, xai)).toEqual(openaiShaped);
    // Other rows never add.
    expect(normaliseUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 9, completion_tokens_details: { reasoning_tokens: 6 } }, {})?.completion_tokens).toBe(2);
  });

  it('cached tokens from DeepSeek and Moonshot placements', () => {
    expect(normaliseUsage({ prompt_tokens: 158, completion_tokens: 31, total_tokens: 189, prompt_cache_hit_tokens: 128, prompt_cache_miss_tokens: 30 })?.prompt_tokens_details).toEqual({ cached_tokens: 128 });
    expect(normaliseUsage({ prompt_tokens: 142, completion_tokens: 27, total_tokens: 169, cached_tokens: 128 })?.prompt_tokens_details).toEqual({ cached_tokens: 128 });
  });

  it('MiniMax: an all-zero usage is no usage', () => {
    expect(normaliseUsage({ total_tokens: 0, total_characters: 0 })).toBeNull();
    expect(normaliseUsage({ total_tokens: 61, total_characters: 0, prompt_tokens: 43, completion_tokens: 18 })?.total_tokens).toBe(61);
  });
});

describe('normaliseChunk', () => {
  const minimax = { reasoningField: 'reasoning_details' };
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'MiniMax-M2',
    choices: [{ index: 0, delta }],
    usage: { total_tokens: 0, total_characters: 0 },
    ...extra,
  });

  it('MiniMax: drops zero usage from intermediate chunks, keeps the real final one', () => {
    const mid = normaliseChunk(chunk({ content: 'Hi' }), 'm', minimax);
    expect(mid?.chunk).not.toHaveProperty('usage');
    const last = normaliseChunk({ ...chunk({}), choices: [], usage: { total_tokens: 61, total_characters: 0, prompt_tokens: 43, completion_tokens: 18 } }, 'm', minimax);
    expect(last?.chunk.usage).toMatchObject({ prompt_tokens: 43, completion_tokens: 18, total_tokens: 61 });
  });

  it('MiniMax: reasoning_details text becomes reasoning_content, the array stays', () => {
    const details = [{ type: 'reasoning.text', id: 'r1', format: 'MiniMax-response-v1', index: 0, text: 'The user greets me.' }];
    const out = normaliseChunk(chunk({ role: 'assistant', reasoning_details: details }), 'm', minimax);
    expect(out?.chunk.choices[0]?.delta).toEqual({ role: 'assistant', reasoning_details: details, reasoning_content: 'The user greets me.' });
  });

  it('a reasoning_content the vendor already sent wins (MiniMax-M3)', () => {
    const out = normaliseChunk(chunk({ reasoning_content: 'x', reasoning_details: [{ text: 'y' }] }), 'm', minimax);
    expect(out?.chunk.choices[0]?.delta.reasoning_content).toBe('x');
  });

  it('Groq/Together/OpenRouter: reasoning → reasoning_content, raw field kept', () => {
    const out = normaliseChunk(chunk({ reasoning: 'Think.' }), 'm', { reasoningField: 'reasoning' });
    expect(out?.chunk.choices[0]?.delta).toEqual({ reasoning: 'Think.', reasoning_content: 'Think.' });
    // A null reasoning (OpenRouter on non-reasoning models) adds nothing.
    expect(normaliseChunk(chunk({ reasoning: null, content: 'a' }), 'm', { reasoningField: 'reasoning' })?.chunk.choices[0]?.delta).toEqual({ reasoning: null, content: 'a' });
  });

  it("tool-call deltas in OpenAI's shape: type on the first fragment, no empty ids, no null lists", () => {
    const mistral = normaliseChunk(chunk({ tool_calls: [{ id: 'D681PevKs', function: { name: 'get_weather', arguments: '{}' }, index: 0 }] }), 'm', plain);
    expect(mistral?.chunk.choices[0]?.delta.tool_calls).toEqual([{ id: 'D681PevKs', type: 'function', function: { name: 'get_weather', arguments: '{}' }, index: 0 }]);
    const dashscope = normaliseChunk(chunk({ tool_calls: [{ index: 0, id: '', type: 'function', function: { arguments: '{"' } }] }), 'm', plain);
    expect(dashscope?.chunk.choices[0]?.delta.tool_calls).toEqual([{ index: 0, type: 'function', function: { arguments: '{"' } }]);
    const continuation = normaliseChunk(chunk({ tool_calls: [{ index: 0, function: { arguments: 'x' } }] }), 'm', plain);
    expect(continuation?.chunk.choices[0]?.delta.tool_calls).toEqual([{ index: 0, function: { arguments: 'x' } }]);
    const together = normaliseChunk(chunk({ content: 'a', tool_calls: null }), 'm', plain);
    expect(together?.chunk.choices[0]?.delta).toEqual({ content: 'a' });
  });

  it('Zhipu: model_context_window_exceeded → length, raw kept', () => {
    const out = normaliseChunk({ id: 'z', created: 1, model: 'glm-4.6', choices: [{ index: 0, delta: {}, finish_reason: 'model_context_window_exceeded' }] }, 'm', plain);
    expect(out?.chunk.choices[0]?.finish_reason).toBe('length');
    expect(out?.rawFinishReason).toBe('model_context_window_exceeded');
  });
});

describe('normaliseCompletion', () => {
  it('reasoning_details → reasoning_content on the message; tool_calls [] removed', () => {
    const raw = {
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'MiniMax-M2',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi', tool_calls: [], reasoning_details: [{ type: 'reasoning.text', text: 'a' }, { type: 'reasoning.text', text: 'b' }] } }],
      usage: { total_tokens: 0, total_characters: 0 },
    };
    const out = normaliseCompletion(raw, 'm', { reasoningField: 'reasoning_details' });
    expect(out?.completion.choices[0]?.message).toEqual({ role: 'assistant', content: 'Hi', reasoning_details: raw.choices[0]!.message.reasoning_details, reasoning_content: 'ab' });
    // A zero usage is no usage: the pipeline estimates rather than bill nothing.
    expect(out?.completion).not.toHaveProperty('usage');
  });

  it('xAI usage on a completion', () => {
    const out = normaliseCompletion({ id: 'x', choices: [{ index: 0, message: { content: 'Hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 10, completion_tokens_details: { reasoning_tokens: 4 } } }, 'm', xai);
    expect(out?.completion.usage).toMatchObject({ completion_tokens: 5, total_tokens: 10, raw_usage: { completion_tokens: 1 } });
  });
});
