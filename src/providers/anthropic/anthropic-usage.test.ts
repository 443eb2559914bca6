import { describe, expect, it } from 'vitest';
import { mergeStreamUsage, toOpenAIUsage } from './anthropic-usage.js';

describe('toOpenAIUsage', () => {
  it('prompt includes cache reads and writes; cached = reads; thinking = reasoning; raw kept', () => {
    const raw = { input_tokens: 12, cache_creation_input_tokens: 2048, cache_read_input_tokens: 1800, output_tokens: 45, output_tokens_details: { thinking_tokens: 30 }, service_tier: 'standard' };
    expect(toOpenAIUsage(raw)).toEqual({
      prompt_tokens: 3860,
      completion_tokens: 45,
      total_tokens: 3905,
      prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 2048 },
      completion_tokens_details: { reasoning_tokens: 30 },
      anthropic_usage: raw,
    });
  });

  it('missing cache fields and no output breakdown', () => {
    expect(toOpenAIUsage({ input_tokens: 10, output_tokens: 2, cache_read_input_tokens: null })).toEqual({
      prompt_tokens: 10,
      completion_tokens: 2,
      total_tokens: 12,
      prompt_tokens_details: { cached_tokens: 0 },
      anthropic_usage: { input_tokens: 10, output_tokens: 2, cache_read_input_tokens: null },
    });
  });
});

describe('mergeStreamUsage', () => {
  it('message_delta counts are cumulative and win when non-null', () => {
    const start = { input_tokens: 472, cache_read_input_tokens: 100, output_tokens: 2 };
    const delta = { output_tokens: 89, input_tokens: null, output_tokens_details: { thinking_tokens: 0 } };
    expect(mergeStreamUsage(start, delta)).toEqual({ input_tokens: 472, cache_read_input_tokens: 100, output_tokens: 89, output_tokens_details: { thinking_tokens: 0 } });
  });

  it('nothing reported → null', () => {
    expect(mergeStreamUsage(null, null)).toBeNull();
  });
});
