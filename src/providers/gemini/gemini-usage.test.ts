import { describe, expect, it } from 'vitest';
import { geminiUsage } from './gemini-usage.js';

describe('geminiUsage', () => {
  it('completion = candidates + thoughts; prompt includes cached and tool-use prompt tokens', () => {
    const meta = { promptTokenCount: 100, cachedContentTokenCount: 60, toolUsePromptTokenCount: 5, candidatesTokenCount: 20, thoughtsTokenCount: 30, totalTokenCount: 155 };
    expect(geminiUsage(meta)).toEqual({
      prompt_tokens: 105,
      completion_tokens: 50,
      total_tokens: 155,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 30 },
      gemini_usage_metadata: meta,
    });
  });

  it('treats missing counts (proto3 omits zeros) as 0', () => {
    expect(geminiUsage({ promptTokenCount: 7 })).toMatchObject({ prompt_tokens: 7, completion_tokens: 0, total_tokens: 7 });
  });
});
