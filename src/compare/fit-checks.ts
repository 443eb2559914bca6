import type { CatalogModel } from '../catalog/catalog.js';
import type { RequestNeeds } from '../routing/request-needs.js';

/**
 * Per-capability answers to "does this request fit this model". `evaluate` (routing) gives the
 * verdict and its reasons; these flags break it down, and add the two limits routing leaves to
 * the provider to reject: the model's output cap and its input cap (GPT-5: 272K of a 400K window).
 * null = the catalog does not say.
 */
export interface FitFlags {
  /** Everything below holds: the request would be served by this model here, now. */
  all: boolean;
  /** The request fits the model; only a provider key may be missing. */
  request: boolean;
  context: boolean | null;
  input_tokens: boolean | null;
  output_tokens: boolean | null;
  tools: boolean;
  json: boolean;
  vision: boolean;
  streaming: boolean;
  provider_configured: boolean;
}

export function fitFlags(model: CatalogModel, needs: RequestNeeds, maxTokens: number | undefined, providerConfigured: boolean): { flags: Omit<FitFlags, 'all' | 'request'>; limitReasons: string[] } {
  const caps = model.capabilities;
  const limitReasons: string[] = [];
  const maxOut = model.max_output_tokens;
  const outputOk = maxTokens === undefined || maxOut === null ? null : maxTokens <= maxOut;
  if (outputOk === false) limitReasons.push(`max_tokens ${maxTokens} > model's max output ${maxOut}`);
  const maxIn = model.max_input_tokens;
  const inputOk = maxIn === null ? null : needs.promptTokens <= maxIn;
  if (inputOk === false) limitReasons.push(`prompt ~${needs.promptTokens} tokens > model's max input ${maxIn}`);
  return {
    flags: {
      context: model.context_window === null ? null : needs.contextTokens <= model.context_window,
      input_tokens: inputOk,
      output_tokens: outputOk,
      tools: !needs.tools || caps.tools,
      json: needs.jsonSchema ? caps.json_schema : needs.jsonObject ? caps.json_object || caps.json_schema : true,
      vision: !needs.vision || caps.vision,
      streaming: !needs.streaming || caps.streaming,
      provider_configured: providerConfigured,
    },
    limitReasons,
  };
}
