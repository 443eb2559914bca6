/**
 * The response shapes we serve, identical to OpenAI's Chat Completions object and chunk
 * (https://platform.openai.com/docs/api-reference/chat/object). Adapters produce these; the
 * HTTP layer serialises them unchanged.
 */

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number; cache_write_tokens?: number; [k: string]: unknown };
  completion_tokens_details?: { reasoning_tokens?: number; [k: string]: unknown };
  [k: string]: unknown;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'error' | 'other';

export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: ToolCall[];
  reasoning_content?: string;
  [k: string]: unknown;
}

export interface Choice {
  index: number;
  message: AssistantMessage;
  finish_reason: FinishReason | null;
  logprobs: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Choice[];
  usage?: Usage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  [k: string]: unknown;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ToolCallDelta[];
  reasoning_content?: string;
  [k: string]: unknown;
}

export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: unknown;
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
  [k: string]: unknown;
}

/** Normalised usage kept on receipts (SPEC §6). */
export interface UsageCounts {
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
  total: number;
  /** Prompt tokens written to the provider's prompt cache (Anthropic), billed at its cache-write price; present only when non-zero. */
  cache_write?: number;
}

export function toUsageCounts(usage: Usage | null | undefined): UsageCounts | null {
  if (!usage) return null;
  const prompt = nonNegative(usage.prompt_tokens);
  const completion = nonNegative(usage.completion_tokens);
  const cached = Math.min(prompt, nonNegative(usage.prompt_tokens_details?.cached_tokens));
  const counts: UsageCounts = {
    prompt,
    completion,
    cached,
    reasoning: Math.min(completion, nonNegative(usage.completion_tokens_details?.reasoning_tokens)),
    total: nonNegative(usage.total_tokens) || prompt + completion,
  };
  const cacheWrite = Math.min(prompt - cached, nonNegative(usage.prompt_tokens_details?.cache_write_tokens));
  if (cacheWrite > 0) counts.cache_write = cacheWrite;
  return counts;
}

function nonNegative(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
