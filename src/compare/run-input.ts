import { z } from 'zod';
import { chatRequestSchema, type ChatRequest } from '../openai/chat-request.js';
import { invalidRequest } from '../openai/errors.js';
import { zodToGatewayError } from '../openai/parse-chat-request.js';

/**
 * `POST /v1/compare/run {models: [...], messages, ...chat params}`: the chat body every model
 * gets, validated by the same schema as /v1/chat/completions, plus the list of models. Fields that
 * would make the runs differ from "the same request to each model" are refused, each by name.
 */

export const MAX_RUN_MODELS = 8;

const modelsSchema = z.array(z.string().min(1).max(256)).min(1).max(MAX_RUN_MODELS);

export interface RunInput {
  models: string[];
  /** One request per model, in the order of `models`. */
  requests: ChatRequest[];
}

export function parseRunInput(json: unknown): RunInput {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalidRequest('Request body must be a JSON object.');
  const { models, ...rest } = json as Record<string, unknown>;
  const parsedModels = modelsSchema.safeParse(models);
  if (!parsedModels.success) {
    const tooMany = Array.isArray(models) && models.length > MAX_RUN_MODELS;
    throw invalidRequest(tooMany ? `compare/run takes at most ${MAX_RUN_MODELS} models.` : `'models' must be a list of 1-${MAX_RUN_MODELS} model names.`, 'models');
  }
  const seen = new Set<string>();
  for (const [i, m] of parsedModels.data.entries()) {
    if (seen.has(m)) throw invalidRequest(`models[${i}] '${m}' is listed twice.`, `models[${i}]`);
    seen.add(m);
  }
  if ('model' in rest) throw invalidRequest("compare/run takes 'models' (a list), not 'model'.", 'model');
  if (rest['stream'] === true) throw invalidRequest('compare/run answers with complete outputs side by side; stream is not supported.', 'stream');
  if ('stream_options' in rest) throw invalidRequest('stream_options is not supported by compare/run.', 'stream_options');
  // Routing extras would let one run be served by another model than the one it is compared as.
  if ('provider' in rest) throw invalidRequest('provider preferences do not apply to compare/run: each run goes to the model it names.', 'provider');
  const requests = parsedModels.data.map((model) => {
    const parsed = chatRequestSchema.safeParse({ ...rest, model });
    if (!parsed.success) throw zodToGatewayError(parsed.error);
    return parsed.data;
  });
  const first = requests[0];
  if (first && first.max_tokens != null && first.max_completion_tokens != null) throw invalidRequest('Set only one of max_tokens and max_completion_tokens.', 'max_tokens');
  return { models: parsedModels.data, requests };
}
