import type { Usage } from '../../openai/chat-response.js';

/**
 * Vendor usage → OpenAI's usage object: `prompt_tokens` includes cached tokens and
 * `completion_tokens` includes reasoning tokens. Every vendor field stays in the object; a count
 * we had to change is kept as the vendor sent it under `raw_usage`.
 */

type Json = Record<string, unknown>;

export interface UsageDialect {
  /** xAI: completion_tokens leaves out reasoning tokens. */
  completionExcludesReasoning?: boolean | undefined;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * MiniMax sends `usage: {total_tokens: 0, total_characters: 0}` on every intermediate stream
 * chunk; only the last chunk has real counts. A usage without a single non-zero token count says
 * nothing, and passing it on would let it stand in for the real one (the chunk accumulator keeps
 * the last usage it sees) or bill a zero. So it is treated as absent.
 */
export function isEmptyUsage(raw: Json): boolean {
  return !num(raw.prompt_tokens) && !num(raw.completion_tokens) && !num(raw.total_tokens);
}

/**
 * Cached prompt tokens arrive in three places: OpenAI's `prompt_tokens_details.cached_tokens`,
 * DeepSeek's `prompt_cache_hit_tokens` (https://api-docs.deepseek.com/api/create-chat-completion)
 * and Moonshot's top-level `cached_tokens`. Reasoning tokens: `completion_tokens_details`.
 */
export function normaliseUsage(raw: unknown, dialect: UsageDialect = {}): Usage | null {
  if (!isObject(raw) || isEmptyUsage(raw)) return null;
  const prompt = num(raw.prompt_tokens) ?? 0;
  const rawCompletion = num(raw.completion_tokens) ?? 0;
  const promptDetails = isObject(raw.prompt_tokens_details) ? { ...raw.prompt_tokens_details } : {};
  const cached = num(promptDetails.cached_tokens) ?? num(raw.prompt_cache_hit_tokens) ?? num(raw.cached_tokens);
  const completionDetails = isObject(raw.completion_tokens_details) ? { ...raw.completion_tokens_details } : {};
  const reasoning = num(completionDetails.reasoning_tokens) ?? 0;
  const total = num(raw.total_tokens);
  // xAI: total = prompt + completion + reasoning (https://docs.x.ai/docs/guides/reasoning). Add the
  // reasoning back unless the total shows it is already included (so a vendor that switches to
  // OpenAI's counting is never double-billed).
  const addReasoning = dialect.completionExcludesReasoning === true && reasoning > 0 && total !== prompt + rawCompletion;
  const completion = addReasoning ? rawCompletion + reasoning : rawCompletion;
  const usage: Usage = { ...raw, prompt_tokens: prompt, completion_tokens: completion, total_tokens: total ?? prompt + completion };
  if (addReasoning) usage.raw_usage = { completion_tokens: rawCompletion };
  if (cached !== undefined) usage.prompt_tokens_details = { ...promptDetails, cached_tokens: cached };
  else if (Object.keys(promptDetails).length) usage.prompt_tokens_details = promptDetails;
  if (Object.keys(completionDetails).length) usage.completion_tokens_details = completionDetails;
  return usage;
}
