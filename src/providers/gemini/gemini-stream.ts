import type { ChatChunk, ChunkChoice, ChunkDelta } from '../../openai/chat-response.js';
import { upstreamError } from '../../openai/errors.js';
import { normaliseGeminiFinishReason, promptBlockedRefusal } from './gemini-finish-reason.js';
import { completionId, hasFunctionCall, toOpenAILogprobs, toToolCall } from './gemini-response.js';
import { geminiUsage } from './gemini-usage.js';
import type { GeminiResponse, GeminiUsageMetadata } from './gemini-wire.js';

/**
 * `streamGenerateContent?alt=sse` events → OpenAI chunks. Each event is a partial
 * `GenerateContentResponse` (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent):
 * per candidate we send a role chunk first, then text / reasoning deltas as they come, each
 * `functionCall` as one complete tool-call delta (Gemini never splits a call across events), and
 * a finish chunk. `end()` gives the usage chunk (`choices: []`) from the last `usageMetadata`,
 * or throws when the stream stopped before every candidate finished.
 */

interface CandidateState {
  calls: number;
  finished: boolean;
}

export class GeminiStreamTranslator {
  private id: string | null = null;
  private model: string;
  private responseId: string | null = null;
  private readonly candidates = new Map<number, CandidateState>();
  private usage: GeminiUsageMetadata | null = null;
  private rawFinish: string | null = null;

  constructor(
    private readonly provider: string,
    fallbackModel: string,
    private readonly created: number,
  ) {
    this.model = fallbackModel;
  }

  /** finishReason of the first candidate (or the prompt's blockReason), as Gemini said it. */
  get rawFinishReason(): string | null {
    return this.rawFinish;
  }

  private chunk(choices: ChunkChoice[]): ChatChunk {
    return { id: this.id ?? '', object: 'chat.completion.chunk', created: this.created, model: this.model, choices };
  }

  private delta(index: number, delta: ChunkDelta, logprobs?: unknown): ChatChunk {
    return this.chunk([{ index, delta, finish_reason: null, ...(logprobs ? { logprobs } : {}) }]);
  }

  push(event: GeminiResponse): ChatChunk[] {
    if (this.id === null) {
      this.responseId = event.responseId;
      this.id = completionId(event.responseId);
    }
    if (event.modelVersion) this.model = event.modelVersion;
    if (event.usageMetadata) this.usage = event.usageMetadata;
    const out: ChatChunk[] = [];

    if (event.candidates.length === 0 && event.blockReason !== null && this.candidates.size === 0) {
      this.candidates.set(0, { calls: 0, finished: true });
      this.rawFinish = event.blockReason;
      out.push(this.delta(0, { role: 'assistant', content: '' }));
      out.push(this.delta(0, { refusal: promptBlockedRefusal(event.blockReason) }));
      out.push(this.chunk([{ index: 0, delta: {}, finish_reason: 'content_filter' }]));
      return out;
    }

    for (const candidate of event.candidates) {
      let state = this.candidates.get(candidate.index);
      if (!state) {
        state = { calls: 0, finished: false };
        this.candidates.set(candidate.index, state);
        out.push(this.delta(candidate.index, { role: 'assistant', content: '' }));
      }
      if (state.finished) {
        // A repeated final event carries nothing new; output after the end is a broken stream.
        if (candidate.parts.every((p) => !p.text && !p.functionCall)) continue;
        throw upstreamError(this.provider, `stream sent more output for candidate ${candidate.index} after its finishReason`, { retryable: false });
      }
      let logprobs = toOpenAILogprobs(candidate.logprobsResult);
      const emit = (delta: ChunkDelta) => {
        out.push(this.delta(candidate.index, delta, logprobs));
        logprobs = null;
      };
      for (const part of candidate.parts) {
        if (hasFunctionCall(part)) {
          const call = toToolCall(part, this.responseId, candidate.index, state.calls);
          emit({ tool_calls: [{ index: state.calls, id: call.id, type: 'function', function: call.function }] });
          state.calls++;
        } else if (part.text) {
          emit(part.thought ? { reasoning_content: part.text } : { content: part.text });
        }
      }
      if (logprobs) emit({});
      if (candidate.finishReason !== null) {
        state.finished = true;
        if (candidate.index === 0) this.rawFinish = candidate.finishReason;
        out.push(this.chunk([{ index: candidate.index, delta: {}, finish_reason: normaliseGeminiFinishReason(candidate.finishReason, state.calls > 0) }]));
      }
    }
    return out;
  }

  /** After the last event: the usage chunk, or an error when the answer was cut off. */
  end(): ChatChunk[] {
    const open = [...this.candidates.values()].some((c) => !c.finished);
    if (this.candidates.size === 0 || open) {
      throw upstreamError(this.provider, 'stream ended before the response was complete (no finishReason)', { retryable: false });
    }
    return this.usage ? [{ ...this.chunk([]), usage: geminiUsage(this.usage) }] : [];
  }
}
