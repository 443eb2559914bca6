import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { ImageDetail } from './gemini-contents.js';
import type { GeminiGenerationConfig, GeminiThinkingConfig } from './gemini-wire.js';

/**
 * Sampling, length, output-format and thinking parameters → `generationConfig`
 * (https://ai.google.dev/api/generate-content#generationconfig). Each OpenAI field maps to one
 * Gemini field; the ones that need a decision are explained where they are mapped.
 */

const unsupported = (param: string, why: string) =>
  invalidRequest(`Parameter '${param}' is not supported by Gemini: ${why}`, param, 'unsupported_parameter');

/**
 * Gemini 2.x takes a thinking budget in tokens; Gemini 3 and later take a thinking level
 * (https://ai.google.dev/gemini-api/docs/thinking). Budgets are the ones Google's own OpenAI
 * compatibility layer uses for low/medium/high (https://ai.google.dev/gemini-api/docs/openai).
 */
const BUDGET_BY_EFFORT: Readonly<Record<string, number>> = { none: 0, low: 1024, medium: 8192, high: 24576 };
const LEVEL_BY_EFFORT: Readonly<Record<string, GeminiThinkingConfig['thinkingLevel']>> = { minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };

export function usesThinkingBudget(upstreamModel: string): boolean {
  return /^(?:models\/)?gemini-(?:1|2)[.-]/.test(upstreamModel);
}

function thinkingConfig(effort: ChatRequest['reasoning_effort'], upstreamModel: string, reasoningModel: boolean): GeminiThinkingConfig | undefined {
  const config: GeminiThinkingConfig = {};
  if (effort !== undefined && effort !== null) {
    if (usesThinkingBudget(upstreamModel)) {
      const budget = BUDGET_BY_EFFORT[effort];
      if (budget === undefined) throw unsupported('reasoning_effort', `'${effort}' has no thinking budget on ${upstreamModel}; use none, low, medium or high.`);
      config.thinkingBudget = budget;
    } else {
      const level = LEVEL_BY_EFFORT[effort];
      if (level === undefined) throw unsupported('reasoning_effort', `'${effort}' has no thinking level on ${upstreamModel} (thinking cannot be turned off); use minimal, low, medium or high.`);
      config.thinkingLevel = level;
    }
  }
  // Thought summaries are what we return as reasoning_content; they do not change what is billed
  // (thinking tokens are billed whether or not summaries are included).
  if (reasoningModel && config.thinkingBudget !== 0) config.includeThoughts = true;
  return Object.keys(config).length > 0 ? config : undefined;
}

function responseFormat(format: ChatRequest['response_format']): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseJsonSchema'> {
  if (!format || format.type === 'text') return {};
  if (format.type === 'json_object') return { responseMimeType: 'application/json' };
  // `responseJsonSchema` takes JSON Schema as written (https://ai.google.dev/gemini-api/docs/structured-output),
  // so the schema is passed through unchanged, with no conversion to Gemini's OpenAPI subset.
  // Gemini always constrains decoding to a given schema, so `strict` needs no counterpart;
  // `name` and `description` only label the schema for OpenAI.
  const schema = format.json_schema.schema;
  return { responseMimeType: 'application/json', ...(schema ? { responseJsonSchema: schema } : {}) };
}

export function toGenerationConfig(
  req: ChatRequest,
  opts: { upstreamModel: string; reasoningModel: boolean; imageDetails: ReadonlySet<ImageDetail> },
): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (req.temperature != null) config.temperature = req.temperature;
  if (req.top_p != null) config.topP = req.top_p;
  // max_tokens is OpenAI's deprecated name; both bound everything generated, thinking included, as maxOutputTokens does.
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (req.stop != null) config.stopSequences = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.seed != null) config.seed = req.seed;
  // n = 1 is the default; some models reject candidateCount outright, so it is sent only when it matters.
  if (req.n != null && req.n > 1) config.candidateCount = req.n;
  if (req.presence_penalty != null) config.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty != null) config.frequencyPenalty = req.frequency_penalty;
  if (req.logprobs === true) config.responseLogprobs = true;
  if (req.top_logprobs != null) {
    if (req.logprobs !== true) throw invalidRequest('top_logprobs requires logprobs: true.', 'top_logprobs');
    config.logprobs = req.top_logprobs;
  }
  Object.assign(config, responseFormat(req.response_format));
  // Gemini sets image resolution per request, not per image: one `detail` for all images, or a 400.
  if (opts.imageDetails.size > 1) {
    throw invalidRequest("Gemini applies one image resolution to the whole request; give every image the same 'detail' (or none).", 'messages', 'unsupported_parameter');
  }
  const [detail] = [...opts.imageDetails];
  if (detail) config.mediaResolution = detail === 'low' ? 'MEDIA_RESOLUTION_LOW' : 'MEDIA_RESOLUTION_HIGH';
  const thinking = thinkingConfig(req.reasoning_effort, opts.upstreamModel, opts.reasoningModel);
  if (thinking) config.thinkingConfig = thinking;
  return Object.keys(config).length > 0 ? config : undefined;
}
