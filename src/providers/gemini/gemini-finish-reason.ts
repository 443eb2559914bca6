import type { UnifiedFinishReason } from '../finish-reason.js';

/**
 * Gemini `Candidate.finishReason` and `PromptFeedback.blockReason` → OpenAI's finish_reason
 * (https://ai.google.dev/api/generate-content#FinishReason). Every filter-type ending is
 * `content_filter`; values we do not know (and MALFORMED_FUNCTION_CALL, LANGUAGE, OTHER, …) are
 * `other`, never `stop`. The raw value is always kept beside it.
 */

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

export function normaliseGeminiFinishReason(raw: string | null, hasFunctionCall: boolean): UnifiedFinishReason | null {
  if (raw === null || raw === '') return null;
  if (raw === 'STOP') return hasFunctionCall ? 'tool_calls' : 'stop';
  if (raw === 'MAX_TOKENS') return 'length';
  if (CONTENT_FILTER.has(raw)) return 'content_filter';
  return 'other';
}

/**
 * A prompt blocked before generation (`promptFeedback.blockReason`, no candidates) is answered
 * like a filtered candidate: HTTP 200, one choice with finish_reason `content_filter` and a
 * refusal, and the usage Gemini reports. A 400 would claim the request was malformed, and the
 * Gemini API itself answers 200 here; `content_filter` is never cached (SPEC §5.3).
 */
export function promptBlockedRefusal(blockReason: string): string {
  return `The prompt was blocked by the provider's content filter (blockReason: ${blockReason}).`;
}
