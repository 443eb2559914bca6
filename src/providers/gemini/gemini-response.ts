import { randomUUID } from 'node:crypto';
import type { AssistantMessage, ChatCompletion, Choice, ToolCall } from '../../openai/chat-response.js';
import { normaliseGeminiFinishReason, promptBlockedRefusal } from './gemini-finish-reason.js';
import { encodeToolCallId, syntheticCallId } from './gemini-tool-call-id.js';
import { geminiUsage } from './gemini-usage.js';
import type { GeminiLogprobsResult, GeminiResponse, GeminiResponsePart } from './gemini-wire.js';

/**
 * A Gemini `GenerateContentResponse` → an OpenAI `chat.completion`. Candidates become choices;
 * text parts the content, `thought: true` parts `reasoning_content`, `functionCall` parts
 * tool_calls (ids: gemini-tool-call-id.ts). The helpers are shared with the stream translator
 * so both paths say the same thing.
 */

export function completionId(responseId: string | null): string {
  return `chatcmpl-${responseId ?? randomUUID()}`;
}

/** The OpenAI tool call for a function-call part: Gemini's own id, or the synthetic one. */
export function toToolCall(part: GeminiResponsePart & { functionCall: NonNullable<GeminiResponsePart['functionCall']> }, responseId: string | null, candidate: number, ordinal: number): ToolCall {
  const base = part.functionCall.id ?? syntheticCallId(responseId, candidate, ordinal);
  return {
    id: encodeToolCallId(base, part.thoughtSignature),
    type: 'function',
    function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args) },
  };
}

export const hasFunctionCall = (part: GeminiResponsePart): part is GeminiResponsePart & { functionCall: NonNullable<GeminiResponsePart['functionCall']> } =>
  part.functionCall !== undefined;

/** `logprobsResult` → OpenAI's `logprobs.content` (https://ai.google.dev/api/generate-content#LogprobsResult). */
export function toOpenAILogprobs(result: GeminiLogprobsResult | null): unknown {
  if (!result) return null;
  return {
    content: result.chosenCandidates.map((chosen, i) => ({
      token: chosen.token,
      logprob: chosen.logProbability,
      bytes: [...Buffer.from(chosen.token, 'utf8')],
      top_logprobs: (result.topCandidates[i] ?? []).map((t) => ({ token: t.token, logprob: t.logProbability, bytes: [...Buffer.from(t.token, 'utf8')] })),
    })),
    refusal: null,
  };
}

export interface GeminiCompletion {
  completion: ChatCompletion;
  /** finishReason of the first candidate (or the prompt's blockReason) exactly as Gemini said it. */
  rawFinishReason: string | null;
}

/** Null when the response has neither candidates nor a block reason (not an answer). */
export function toChatCompletion(res: GeminiResponse, opts: { fallbackModel: string; created: number }): GeminiCompletion | null {
  let choices: Choice[];
  let rawFinishReason: string | null;
  if (res.candidates.length === 0) {
    if (res.blockReason === null) return null;
    rawFinishReason = res.blockReason;
    choices = [{ index: 0, message: { role: 'assistant', content: null, refusal: promptBlockedRefusal(res.blockReason) }, finish_reason: 'content_filter', logprobs: null }];
  } else {
    rawFinishReason = res.candidates[0]?.finishReason ?? null;
    choices = res.candidates.map((candidate): Choice => {
      // Empty text parts only carry a thought signature; like the stream, they add nothing.
      const text = candidate.parts.filter((p) => !p.thought && p.text).map((p) => p.text ?? '');
      const thoughts = candidate.parts.filter((p) => p.thought && p.text).map((p) => p.text ?? '');
      const toolCalls = candidate.parts.filter(hasFunctionCall).map((p, k) => toToolCall(p, res.responseId, candidate.index, k));
      const message: AssistantMessage = { role: 'assistant', content: text.length > 0 ? text.join('') : null, refusal: null };
      if (thoughts.length > 0) message.reasoning_content = thoughts.join('');
      if (toolCalls.length > 0) message.tool_calls = toolCalls;
      return {
        index: candidate.index,
        message,
        finish_reason: normaliseGeminiFinishReason(candidate.finishReason, toolCalls.length > 0),
        logprobs: toOpenAILogprobs(candidate.logprobsResult),
      };
    });
  }
  const completion: ChatCompletion = {
    id: completionId(res.responseId),
    object: 'chat.completion',
    created: opts.created,
    model: res.modelVersion ?? opts.fallbackModel,
    choices,
  };
  if (res.usageMetadata) completion.usage = geminiUsage(res.usageMetadata);
  return { completion, rawFinishReason };
}
