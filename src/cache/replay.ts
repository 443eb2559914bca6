import type { ChatChunk, ChatCompletion } from '../openai/chat-response.js';
import { randomBase62 } from '../util/ids.js';
import type { ReplayPayload } from './cache-entry.js';

/**
 * A stored answer served again, as JSON or as an SSE stream that looks to an SDK exactly like a
 * live one: role chunk, content (and reasoning) deltas, tool-call deltas, finish chunk.
 * The usage chunk and [DONE] are added by the caller, as for live streams.
 */

export function replayCompletion(payload: ReplayPayload, now = Date.now()): ChatCompletion {
  const completion: ChatCompletion = {
    id: `chatcmpl-nm${randomBase62(20)}`,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: payload.model,
    choices: payload.choices,
    system_fingerprint: payload.system_fingerprint,
  };
  if (payload.usage) completion.usage = payload.usage;
  return completion;
}

/** Splits text into SDK-friendly pieces (about a word each) so replays stream like the original. */
function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

export function* replayChunks(completion: ChatCompletion): Generator<ChatChunk> {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model, system_fingerprint: completion.system_fingerprint ?? null };
  for (const choice of completion.choices) {
    const { index, message } = choice;
    yield { ...base, choices: [{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    if (message.reasoning_content) {
      for (const p of pieces(message.reasoning_content)) yield { ...base, choices: [{ index, delta: { reasoning_content: p }, finish_reason: null }] };
    }
    if (message.content) {
      for (const p of pieces(message.content)) yield { ...base, choices: [{ index, delta: { content: p }, finish_reason: null }] };
    }
    if (message.refusal) yield { ...base, choices: [{ index, delta: { refusal: message.refusal }, finish_reason: null }] };
    for (const [i, call] of (message.tool_calls ?? []).entries()) {
      yield { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }] };
      if (call.function.arguments) {
        yield { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, function: { arguments: call.function.arguments } }] }, finish_reason: null }] };
      }
    }
    yield { ...base, choices: [{ index, delta: {}, finish_reason: choice.finish_reason, ...(choice.logprobs ? { logprobs: choice.logprobs } : {}) }] };
  }
}
