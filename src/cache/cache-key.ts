import { canonicalJson } from '../util/canonical-json.js';
import { createHash } from 'node:crypto';
import type { ChatRequest } from '../openai/chat-request.js';

/**
 * The exact-cache key (SPEC §5.2), built from an explicit list of request fields. Every field of
 * ChatRequest must be classified here — the Record type makes a new, unclassified field a
 * compile error — and every exclusion names why it cannot change the output.
 */

type FieldRule = { key: true } | { key: false; reason: string };
const IN: FieldRule = { key: true };
const out = (reason: string): FieldRule => ({ key: false, reason });

export const CACHE_KEY_FIELDS: Readonly<Record<keyof ChatRequest, FieldRule>> = {
  model: out('the resolved provider + upstream model is part of the scope instead, so aliases of one model share entries'),
  messages: IN,
  temperature: IN,
  top_p: IN,
  max_tokens: IN,
  max_completion_tokens: IN,
  stop: IN,
  seed: IN,
  n: IN,
  presence_penalty: IN,
  frequency_penalty: IN,
  logit_bias: IN,
  logprobs: IN,
  top_logprobs: IN,
  tools: IN,
  tool_choice: IN,
  parallel_tool_calls: IN,
  response_format: IN,
  reasoning_effort: IN,
  verbosity: IN,
  functions: IN,
  function_call: IN,
  modalities: IN,
  stream: out('transport only: a stored answer replays as JSON or as SSE'),
  stream_options: out('transport only: decides whether the usage chunk is shown'),
  user: out('end-user attribution for abuse monitoring; does not reach the model'),
  metadata: out('attribution tags stored with the request; do not reach the model'),
  store: out("whether the provider retains the completion; not what it says"),
  service_tier: out('price/latency tier of the same model'),
  prompt_cache_key: out("routing hint for the provider's own prompt cache"),
  safety_identifier: out('end-user attribution for abuse monitoring'),
  models: out('routing extra: the model that actually served is in the scope'),
  provider: out('routing extra: the provider that actually served is in the scope'),
};

const KEY_FIELDS = (Object.keys(CACHE_KEY_FIELDS) as Array<keyof ChatRequest>).filter((f) => CACHE_KEY_FIELDS[f].key);

export interface CacheScope {
  projectId: string;
  provider: string;
  upstreamModel: string;
}

/**
 * Canonical bytes of what can change the output, plus the scope. Absent and explicit-null
 * parameters are the same request (both mean "provider default").
 */
export function canonicalCacheRequest(req: ChatRequest, scope: CacheScope): string {
  const fields: Record<string, unknown> = {};
  for (const field of KEY_FIELDS) {
    const value = req[field];
    if (value !== undefined && value !== null) fields[field] = value;
  }
  return canonicalJson({ scope: { project: scope.projectId, provider: scope.provider, model: scope.upstreamModel }, request: fields });
}

export function cacheKeyHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
