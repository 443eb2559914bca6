import type { UnifiedFinishReason } from '../finish-reason.js';

/**
 * Anthropic `stop_reason` → OpenAI finish_reason. Values are those of the Message object
 * (https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons; the SDK's
 * `StopReason` union). Unknown and turn-pausing values are 'other', never 'stop'.
 */
const STOP_REASONS: Readonly<Record<string, UnifiedFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // "we exceeded the model's context window": the answer was cut off for lack of room.
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  // "streaming classifiers intervene to handle potential policy violations".
  refusal: 'content_filter',
  // A long-running server-tool turn paused; the answer is not complete.
  pause_turn: 'other',
};

export function normaliseAnthropicStopReason(raw: string | null): UnifiedFinishReason | null {
  if (raw === null || raw === '') return null;
  return STOP_REASONS[raw] ?? 'other';
}
