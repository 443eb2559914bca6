import type { ChatChunk, ChatCompletion } from '../../openai/chat-response.js';
import { normaliseOpenAIFinishReason } from '../finish-reason.js';
import { normaliseUsage, type UsageDialect } from './normalise-usage.js';

export { normaliseUsage } from './normalise-usage.js';

/**
 * Tolerant readers for what OpenAI-compatible vendors send: the OpenAI shape plus each vendor's
 * small deviations, folded into exactly OpenAI's shape. Raw values are kept beside: vendor fields
 * stay on the object, and the finish reason is returned as sent.
 */

type Json = Record<string, unknown>;

/** What a row says about its response dialect (an OpenAICompatibleRow satisfies it). */
export interface ResponseDialect extends UsageDialect {
  reasoningField: string | null;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reasoning as text: a string, or the `text` parts of an array such as MiniMax `reasoning_details`. */
function reasoningText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  const texts = value.filter(isObject).flatMap((part) => (typeof part.text === 'string' ? [part.text] : []));
  return texts.length ? texts.join('') : undefined;
}

/**
 * Copies the vendor's reasoning field (Groq/Together/OpenRouter `reasoning`, MiniMax
 * `reasoning_details`) into `reasoning_content`, the field our clients and the chunk accumulator
 * read; the vendor field stays, since some vendors need it sent back (MiniMax multi-turn tool use).
 * A `reasoning_content` the vendor already sent wins (MiniMax-M3 streams that one).
 */
function withReasoning<T extends Json>(fields: T, dialect: ResponseDialect): T {
  const field = dialect.reasoningField;
  if (!field || field === 'reasoning_content' || typeof fields.reasoning_content === 'string') return fields;
  const text = reasoningText(fields[field]);
  return text === undefined ? fields : { ...fields, reasoning_content: text };
}

/**
 * Tool calls in OpenAI's shape: `type` on a call's first fragment (Mistral and xAI omit it, and the
 * openai SDK refuses a call without one), no empty-string `id` on continuation fragments (DashScope),
 * and no `tool_calls: null` / `[]` (Mistral, Together), which OpenAI never sends.
 */
function normaliseToolCalls(fields: Json): Json {
  const { tool_calls: calls, ...rest } = fields;
  if (!Array.isArray(calls) || calls.length === 0) return rest;
  return {
    ...rest,
    tool_calls: calls.map((call: unknown) => {
      if (!isObject(call)) return call;
      const { id, ...fragment } = call;
      const hasId = id !== undefined && id !== null && id !== '';
      const starts = hasId || (isObject(call.function) && typeof call.function.name === 'string');
      return { ...(hasId ? { id } : {}), ...fragment, ...(starts && fragment.type == null ? { type: 'function' } : {}) };
    }),
  };
}

export interface NormalisedCompletion {
  completion: ChatCompletion;
  rawFinishReason: string | null;
}

export function normaliseCompletion(raw: unknown, fallbackModel: string, dialect: ResponseDialect): NormalisedCompletion | null {
  if (!isObject(raw) || !Array.isArray(raw.choices)) return null;
  let rawFinishReason: string | null = null;
  const choices = raw.choices.filter(isObject).map((c, i) => {
    const rawReason = c.finish_reason == null ? null : String(c.finish_reason);
    if (i === 0) rawFinishReason = rawReason;
    const message = withReasoning(normaliseToolCalls(isObject(c.message) ? c.message : {}), dialect);
    return {
      ...c,
      index: num(c.index) ?? i,
      message: { ...message, role: 'assistant' as const, content: typeof message.content === 'string' ? message.content : null },
      finish_reason: normaliseOpenAIFinishReason(rawReason),
      logprobs: c.logprobs ?? null,
    };
  });
  const usage = normaliseUsage(raw.usage, dialect);
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

export function normaliseChunk(raw: unknown, fallbackModel: string, dialect: ResponseDialect): NormalisedChunk | null {
  if (!isObject(raw)) return null;
  let rawFinishReason: string | null = null;
  // An all-zero usage (MiniMax intermediate chunks) comes back null here and is dropped below.
  let usage = normaliseUsage(raw.usage, dialect);
  const choices = (Array.isArray(raw.choices) ? raw.choices : []).filter(isObject).map((c, i) => {
    const reason = c.finish_reason == null ? null : String(c.finish_reason);
    if (reason !== null) rawFinishReason = reason;
    // Moonshot puts the stream's usage inside the last choice rather than on the chunk.
    if (!usage && isObject(c.usage)) usage = normaliseUsage(c.usage, dialect);
    const { usage: _ignored, ...rest } = c;
    return {
      ...rest,
      index: num(c.index) ?? i,
      delta: withReasoning(normaliseToolCalls(isObject(c.delta) ? c.delta : {}), dialect),
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
