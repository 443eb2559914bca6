import type { MockHandler, MockReply, RecordedRequest } from './mock-upstream.js';
import { sse } from './mock-upstream.js';

/**
 * Scripted OpenAI-wire upstream answers, built per request in OpenAI's documented shapes
 * (https://platform.openai.com/docs/api-reference/chat/object and /chat/streaming): JSON when
 * `stream` is false, SSE chunks + usage chunk (only when stream_options.include_usage) + [DONE].
 */

export interface Script {
  content?: string;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number; reasoning_tokens?: number };
  model?: string;
}

export function usageBlock(u: NonNullable<Script['usage']>) {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning_tokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

export function completionJson(req: RecordedRequest, s: Script) {
  const body = req.json as { model?: string };
  return {
    id: 'chatcmpl-mock123',
    object: 'chat.completion',
    created: 1764460800,
    model: s.model ?? body.model ?? 'mock',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: s.toolCalls ? null : (s.content ?? 'Hello from the mock.'),
          refusal: null,
          ...(s.toolCalls ? { tool_calls: s.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) } : {}),
          annotations: [],
        },
        logprobs: null,
        finish_reason: s.finishReason ?? (s.toolCalls ? 'tool_calls' : 'stop'),
      },
    ],
    usage: usageBlock(s.usage ?? { prompt_tokens: 12, completion_tokens: 5 }),
    service_tier: 'default',
    system_fingerprint: 'fp_mock',
  };
}

export function streamEvents(req: RecordedRequest, s: Script): string[] {
  const body = req.json as { model?: string; stream_options?: { include_usage?: boolean } };
  const includeUsage = body.stream_options?.include_usage === true;
  const base = { id: 'chatcmpl-mock123', object: 'chat.completion.chunk', created: 1764460800, model: s.model ?? body.model ?? 'mock', system_fingerprint: 'fp_mock', ...(includeUsage ? { usage: null } : {}) };
  const events: string[] = [sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] })];
  if (s.toolCalls) {
    s.toolCalls.forEach((t, i) => {
      events.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }] }, logprobs: null, finish_reason: null }] }));
      const third = Math.ceil(t.arguments.length / 3);
      for (let p = 0; p < t.arguments.length; p += third) {
        events.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: t.arguments.slice(p, p + third) } }] }, logprobs: null, finish_reason: null }] }));
      }
    });
  } else {
    const words = (s.content ?? 'Hello from the mock.').match(/\S+\s*/g) ?? [];
    for (const w of words) events.push(sse({ ...base, choices: [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }] }));
  }
  events.push(sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: s.finishReason ?? (s.toolCalls ? 'tool_calls' : 'stop') }] }));
  if (includeUsage) events.push(sse({ ...base, choices: [], usage: usageBlock(s.usage ?? { prompt_tokens: 12, completion_tokens: 5 }) }));
  events.push(sse('[DONE]'));
  return events;
}

export function openaiResponder(script: Script | ((req: RecordedRequest) => Script)): MockHandler {
  return (req): MockReply => {
    const s = typeof script === 'function' ? script(req) : script;
    const body = req.json as { stream?: boolean };
    if (body?.stream) return { kind: 'sse', events: streamEvents(req, s) };
    return { kind: 'json', body: completionJson(req, s) };
  };
}
