import type { Usage } from '../../openai/chat-response.js';
import type { GeminiUsageMetadata } from './gemini-wire.js';

/**
 * `usageMetadata` → OpenAI usage. Gemini counts thinking apart from the answer: its total is
 * prompt + candidates + thoughts (+ tool-use prompt), and thinking is billed as output
 * (https://ai.google.dev/gemini-api/docs/thinking#pricing), so `candidatesTokenCount` excludes
 * thoughts. OpenAI's completion_tokens includes reasoning, hence candidates + thoughts.
 * `promptTokenCount` already includes the cached tokens ("when cached_content is set, this also
 * includes the number of tokens in the cached content", https://ai.google.dev/api/generate-content#UsageMetadata),
 * as OpenAI's prompt_tokens includes cached_tokens.
 * `toolUsePromptTokenCount` (results of server-side tools fed back as input) is input too.
 * The raw object is kept as `gemini_usage_metadata`.
 */
export function geminiUsage(meta: GeminiUsageMetadata): Usage {
  const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  const prompt = count(meta.promptTokenCount) + count(meta.toolUsePromptTokenCount);
  const thoughts = count(meta.thoughtsTokenCount);
  const completion = count(meta.candidatesTokenCount) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: count(meta.cachedContentTokenCount) },
    completion_tokens_details: { reasoning_tokens: thoughts },
    gemini_usage_metadata: meta,
  };
}
