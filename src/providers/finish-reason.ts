import type { FinishReason } from '../openai/chat-response.js';

/**
 * Vendor finish/stop reasons → OpenAI's finish_reason. Each vendor maps its own values; values we
 * do not know become 'other' (never 'stop', which would mark an unknown ending as complete and
 * cacheable). The raw value is always kept beside it on the receipt.
 */
export type UnifiedFinishReason = FinishReason | 'other';

const OPENAI_VALUES = new Set<string>(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/**
 * OpenAI-compatible vendors: their extra values, mapped where the vendor documents the meaning
 * (docs/providers.md lists each vendor's values). A truncated answer is 'length' whatever the
 * limit that cut it; a vendor-side failure is 'error' (never cached, SPEC §5.3).
 */
const OPENAI_COMPATIBLE_EXTRAS: Readonly<Record<string, UnifiedFinishReason>> = {
  // Zhipu: https://docs.z.ai/api-reference/llm/chat-completion — "sensitive": content blocked;
  // "network_error": inference failed; "model_context_window_exceeded": the answer was cut off at
  // the model's context window (OpenAI reports that as 'length').
  sensitive: 'content_filter',
  network_error: 'error',
  model_context_window_exceeded: 'length',
  // DeepSeek: https://api-docs.deepseek.com/api/create-chat-completion — interrupted for lack of capacity.
  insufficient_system_resource: 'error',
  // Mistral: "model_length" (context window full) and "error" — https://docs.mistral.ai/api/ and
  // CompletionResponseStreamChoiceFinishReason in https://github.com/mistralai/client-ts.
  // OpenRouter: "error" on a mid-stream failure — https://openrouter.ai/docs/api-reference/errors-and-debugging
  model_length: 'length',
  error: 'error',
  // Together: https://github.com/togethercomputer/together-py — "eos" (end-of-sequence token).
  eos: 'stop',
  // Several hosts report an exhausted budget of generated tokens this way (Anthropic-style names
  // passed through by some gateways).
  max_tokens: 'length',
  end_turn: 'stop',
  tool_call: 'tool_calls',
};

export function normaliseOpenAIFinishReason(raw: unknown): UnifiedFinishReason | null {
  if (raw === null || raw === undefined || raw === '') return null;
  const value = String(raw);
  if (OPENAI_VALUES.has(value)) return value as FinishReason;
  return OPENAI_COMPATIBLE_EXTRAS[value] ?? 'other';
}

/** An answer that ended normally and may be stored for replay (SPEC §5.3). */
export function isCompleteFinish(reason: string | null): boolean {
  return reason === 'stop' || reason === 'tool_calls' || reason === 'length';
}
