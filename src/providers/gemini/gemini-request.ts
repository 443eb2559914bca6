import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import { toGeminiContents } from './gemini-contents.js';
import { toGenerationConfig, usesThinkingBudget } from './gemini-generation-config.js';
import { toGeminiTools } from './gemini-tools.js';
import type { GeminiRequest } from './gemini-wire.js';

/**
 * A Chat Completions request → a Gemini `GenerateContentRequest`. Every field of our request
 * schema is listed here with what happens to it, so a field added to the schema does not
 * compile until this adapter decides; nothing is dropped without a reason written down.
 */

type Handling =
  | 'translated' // mapped to a Gemini field (see the translator it belongs to)
  | 'checked' // translated where supported, a 400 otherwise (see unsupportedValue)
  | 'unsupported' // always a 400 when set
  | 'not_forwarded'; // ours, or attribution/storage hints that do not change the answer

const FIELDS: Readonly<Record<keyof ChatRequest, Handling>> = {
  model: 'not_forwarded', // the URL names the upstream model
  messages: 'translated',
  temperature: 'translated',
  top_p: 'translated',
  max_tokens: 'translated',
  max_completion_tokens: 'translated',
  stop: 'translated',
  seed: 'translated',
  n: 'translated',
  presence_penalty: 'translated',
  frequency_penalty: 'translated',
  logit_bias: 'unsupported',
  logprobs: 'translated',
  top_logprobs: 'translated',
  tools: 'translated',
  tool_choice: 'translated',
  parallel_tool_calls: 'checked',
  response_format: 'translated',
  reasoning_effort: 'checked',
  verbosity: 'unsupported',
  functions: 'unsupported',
  function_call: 'unsupported',
  stream: 'not_forwarded', // chooses the endpoint
  stream_options: 'not_forwarded', // Gemini streams always carry usageMetadata
  user: 'not_forwarded',
  metadata: 'not_forwarded',
  store: 'not_forwarded',
  service_tier: 'checked',
  prompt_cache_key: 'not_forwarded', // a routing hint for OpenAI's cache; Gemini caches implicitly
  safety_identifier: 'not_forwarded',
  modalities: 'checked',
  models: 'not_forwarded',
  provider: 'not_forwarded',
};

const WHY_UNSUPPORTED: Partial<Record<keyof ChatRequest, string>> = {
  logit_bias: 'Gemini has no per-token bias.',
  verbosity: 'Gemini has no verbosity control.',
  functions: 'legacy function calling is not translated; use tools.',
  function_call: 'legacy function calling is not translated; use tool_choice.',
};

function unsupportedValue(req: ChatRequest): { param: string; why: string } | null {
  if (req.service_tier != null && req.service_tier !== 'auto' && req.service_tier !== 'default') {
    return { param: 'service_tier', why: `'${req.service_tier}' has no Gemini equivalent here; use auto or default.` };
  }
  if (req.modalities?.some((m) => m !== 'text')) return { param: 'modalities', why: 'only text output is translated.' };
  return null;
}

export function checkGeminiParameters(req: ChatRequest): void {
  for (const [key, handling] of Object.entries(FIELDS) as Array<[keyof ChatRequest, Handling]>) {
    const value = req[key];
    if (handling === 'unsupported' && value !== undefined && value !== null) {
      throw invalidRequest(`Parameter '${key}' is not supported by Gemini: ${WHY_UNSUPPORTED[key] ?? ''} Remove it or choose another model.`, key, 'unsupported_parameter');
    }
  }
  const bad = unsupportedValue(req);
  if (bad) throw invalidRequest(`Parameter '${bad.param}' is not supported by Gemini: ${bad.why}`, bad.param, 'unsupported_parameter');
}

export function buildGeminiRequest(req: ChatRequest, target: { upstreamModel: string; reasoningModel: boolean }): GeminiRequest {
  checkGeminiParameters(req);
  // Gemini 3+ rejects unsigned function-call history; 2.x accepts it (and needs no placeholder).
  const { contents, systemParts, imageDetails } = toGeminiContents(req.messages, { signUnsignedCalls: !usesThinkingBudget(target.upstreamModel) });
  if (contents.length === 0) throw invalidRequest('Gemini needs at least one user or assistant message besides system messages.', 'messages');
  const body: GeminiRequest = { contents };
  if (systemParts.length > 0) body.systemInstruction = { parts: systemParts };
  Object.assign(body, toGeminiTools(req));
  const generationConfig = toGenerationConfig(req, { upstreamModel: target.upstreamModel, reasoningModel: target.reasoningModel, imageDetails });
  if (generationConfig) body.generationConfig = generationConfig;
  return body;
}
