import type { ChatChunk, ChatCompletion, Usage } from '../../openai/chat-response.js';
import { normaliseOpenAIFinishReason } from '../finish-reason.js';

/**
 * Tolerant readers for what OpenAI-compatible vendors send: the OpenAI shape plus each vendor's
 * small deviations, folded into exactly OpenAI's shape. Raw values are returned beside.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Cached prompt tokens arrive in three places: OpenAI's `prompt_tokens_details.cached_tokens`,
 * DeepSeek's `prompt_cache_hit_tokens` (https://api-docs.deepseek.com/api/create-chat-completion)
 * and Moonshot's top-level `cached_tokens`. Reasoning tokens: `completion_tokens_details`.
 */
export function normaliseUsage(raw: unknown): Usage | null {
  if (!isObject(raw)) return null;
  const prompt = num(raw.prompt_tokens) ?? 0;
  const completion = num(raw.completion_tokens) ?? 0;
  const promptDetails = isObject(raw.prompt_tokens_details) ? { ...raw.prompt_tokens_details } : {};
  const cached = num(promptDetails.cached_tokens) ?? num(raw.prompt_cache_hit_tokens) ?? num(raw.cached_tokens);
  const completionDetails = isObject(raw.completion_tokens_details) ? { ...raw.completion_tokens_details } : {};
  const usage: Usage = { ...raw, prompt_tokens: prompt, completion_tokens: completion, total_tokens: num(raw.total_tokens) ?? prompt + completion };
  if (cached !== undefined) usage.prompt_tokens_details = { ...promptDetails, cached_tokens: cached };
  else if (Object.keys(promptDetails).length) usage.prompt_tokens_details = promptDetails;
  if (Object.keys(completionDetails).length) usage.completion_tokens_details = completionDetails;
  return usage;
}

export interface NormalisedCompletion {
  completion: ChatCompletion;
  rawFinishReason: string | null;
}

export function normaliseCompletion(raw: unknown, fallbackModel: string): NormalisedCompletion | null {
  if (!isObject(raw) || !Array.isArray(raw.choices)) return null;
  let rawFinishReason: string | null = null;
  const choices = raw.choices.filter(isObject).map((c, i) => {
    const raw_reason = c.finish_reason == null ? null : String(c.finish_reason);
    if (i === 0) rawFinishReason = raw_reason;
    const message = isObject(c.message) ? c.message : {};
    return {
      ...c,
      index: num(c.index) ?? i,
      message: { ...message, role: 'assistant' as const, content: typeof message.content === 'string' ? message.content : null },
      finish_reason: normaliseOpenAIFinishReason(raw_reason),
      logprobs: c.logprobs ?? null,
    };
  });
  const usage = normaliseUsage(raw.usage);
  const completion: ChatCompletion = {
    ...raw,
    id: typeof raw.id === 'string' ? raw.id : '',
    object: 'chat.completion',
    created: num(raw.created) ?? Math.floor(Date.now() / 1000),
    model: typeof raw.model === 'string' ? raw.model : fallbackModel,
    choices,
  };
  if (usage) completion.usage = usage;
  else delete completion.usage;
  return { completion, rawFinishReason };
}

export interface NormalisedChunk {
  chunk: ChatChunk;
  rawFinishReason: string | null;
}

export function normaliseChunk(raw: unknown, fallbackModel: string): NormalisedChunk | null {
  if (!isObject(raw)) return null;
  let rawFinishReason: string | null = null;
  let usage = normaliseUsage(raw.usage);
  const choices = (Array.isArray(raw.choices) ? raw.choices : []).filter(isObject).map((c, i) => {
    const reason = c.finish_reason == null ? null : String(c.finish_reason);
    if (reason !== null) rawFinishReason = reason;
    // Moonshot puts the stream's usage inside the last choice rather than on the chunk.
    if (!usage && isObject(c.usage)) usage = normaliseUsage(c.usage);
    const { usage: _ignored, ...rest } = c;
    return {
      ...rest,
      index: num(c.index) ?? i,
      delta: isObject(c.delta) ? c.delta : {},
      finish_reason: normaliseOpenAIFinishReason(reason),
    };
  });
  const chunk: ChatChunk = {
    ...raw,
    id: typeof raw.id === 'string' ? raw.id : '',
    object: 'chat.completion.chunk',
    created: num(raw.created) ?? Math.floor(Date.now() / 1000),
    model: typeof raw.model === 'string' ? raw.model : fallbackModel,
    choices,
  };
  if (usage) chunk.usage = usage;
  else delete chunk.usage;
  return { chunk, rawFinishReason };
}
