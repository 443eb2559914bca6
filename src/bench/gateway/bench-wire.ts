/**
 * The OpenAI wire traffic of the bench (https://platform.openai.com/docs/api-reference/chat):
 * the request every target is sent, and the answers the mock gives, built once as strings so the
 * mock spends as little CPU as possible per request.
 */

export const BENCH_MODEL = 'gpt-4o-mini';

const ANSWER =
  'A gateway puts keys, budgets, caching and signed receipts in one place, so every call a team makes is governed, observable and cheaper without changing client code.';
export const ANSWER_TOKENS: readonly string[] = ANSWER.match(/\S+\s*/g) ?? [ANSWER];
const USAGE = { prompt_tokens: 38, completion_tokens: ANSWER_TOKENS.length, total_tokens: 38 + ANSWER_TOKENS.length };

/** A chat request; `tag` goes into the user message, so distinct tags are distinct cache keys. */
export function chatRequestBody(tag: string, stream: boolean): string {
  return JSON.stringify({
    model: BENCH_MODEL,
    messages: [
      { role: 'system', content: 'You are a concise assistant for an engineering team.' },
      { role: 'user', content: `[${tag}] In one sentence: why put an LLM gateway in front of every call?` },
    ],
    max_tokens: 64,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

export function completionBody(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1764460800,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: ANSWER, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE,
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  });
}

export interface StreamFrames {
  /** The role chunk; OpenAI sends it first, with empty content. */
  head: string;
  /** One frame per content token. */
  tokens: string[];
  /** finish_reason chunk, the usage chunk (if asked for), [DONE]. */
  tail: string;
}

export function streamFrames(model: string, includeUsage: boolean): StreamFrames {
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1764460800, model, system_fingerprint: 'fp_bench', ...(includeUsage ? { usage: null } : {}) };
  const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
  const choice = (delta: object, finish: string | null) => [{ index: 0, delta, logprobs: null, finish_reason: finish }];
  return {
    head: frame({ ...base, choices: choice({ role: 'assistant', content: '', refusal: null }, null) }),
    tokens: ANSWER_TOKENS.map((t) => frame({ ...base, choices: choice({ content: t }, null) })),
    tail:
      frame({ ...base, choices: choice({}, 'stop') }) +
      (includeUsage ? frame({ ...base, choices: [], usage: USAGE }) : '') +
      'data: [DONE]\n\n',
  };
}
