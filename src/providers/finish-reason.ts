import type { FinishReason } from '../openai/chat-response.js';

/**
 * Vendor finish/stop reasons → OpenAI's finish_reason. Each vendor maps its own values; values we
 * do not know become 'other' (never 'stop', which would mark an unknown ending as complete and
 * cacheable). The raw value is always kept beside it on the receipt.
 */
export type UnifiedFinishReason = FinishReason | 'other';

const OPENAI_VALUES = new Set<string>(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

/** OpenAI-compatible vendors: their extra values, mapped where the vendor documents the meaning. */
const OPENAI_COMPATIBLE_EXTRAS: Readonly<Record<string, UnifiedFinishReason>> = {
  // Zhipu: https://docs.z.ai/api-reference/llm/chat-completion ("sensitive" = content blocked)
  sensitive: 'content_filter',
  network_error: 'error',
  // DeepSeek: https://api-docs.deepseek.com/api/create-chat-completion
  insufficient_system_resource: 'error',
  // Several hosts report an exhausted budget of generated tokens this way.
  max_tokens: 'length',
  model_length: 'length',
  eos: 'stop',
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
