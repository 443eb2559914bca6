import type { Usage } from '../../openai/chat-response.js';
import { isObject, num, type Json } from './anthropic-wire.js';

/**
 * Anthropic usage → OpenAI usage. Anthropic's `input_tokens` excludes cached input: "Total input
 * tokens in a request is the summation of input_tokens, cache_creation_input_tokens, and
 * cache_read_input_tokens" (https://platform.claude.com/docs/en/build-with-claude/prompt-caching),
 * while OpenAI's prompt_tokens includes cached tokens and reports them as
 * prompt_tokens_details.cached_tokens. `output_tokens` already includes thinking; its breakdown
 * `output_tokens_details.thinking_tokens` becomes completion_tokens_details.reasoning_tokens.
 * The raw object is kept beside as `anthropic_usage` (STYLE rule 5).
 */
export function toOpenAIUsage(raw: Json): Usage {
  const input = num(raw.input_tokens) ?? 0;
  const cacheRead = num(raw.cache_read_input_tokens) ?? 0;
  const cacheWrite = num(raw.cache_creation_input_tokens) ?? 0;
  const output = num(raw.output_tokens) ?? 0;
  const prompt = input + cacheRead + cacheWrite;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    // cache_write_tokens: OpenRouter's name for prompt-cache writes, priced at the cache-write rate.
    prompt_tokens_details: cacheWrite > 0 ? { cached_tokens: cacheRead, cache_write_tokens: cacheWrite } : { cached_tokens: cacheRead },
  };
  const thinking = isObject(raw.output_tokens_details) ? num(raw.output_tokens_details.thinking_tokens) : undefined;
  if (thinking !== undefined) usage.completion_tokens_details = { reasoning_tokens: thinking };
  usage.anthropic_usage = raw;
  return usage;
}

/**
 * A stream reports usage twice: `message_start.message.usage` (input side, a first output count)
 * and `message_delta.usage`, whose counts are cumulative. Later non-null values win.
 * https://platform.claude.com/docs/en/build-with-claude/streaming#event-types
 */
export function mergeStreamUsage(start: Json | null, delta: Json | null): Json | null {
  if (!start && !delta) return null;
  const merged: Json = { ...(start ?? {}) };
  for (const [key, value] of Object.entries(delta ?? {})) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}
