import { isDeepStrictEqual } from 'node:util';

/**
 * OpenAI's documented defaults for request fields that some providers lack
 * (https://platform.openai.com/docs/api-reference/chat/create: "Defaults to …").
 *
 * Clients such as LangChain and some SDKs send these on every request. A value equal to the default
 * asks for nothing beyond what the upstream does anyway, so for a provider whose row lists the field
 * as unsupported it is honoured by omitting it — a translation, not a drop. Any other value is
 * still a 400 naming the field.
 *
 * Left out on purpose:
 * - reasoning_effort: OpenAI's default ("medium") is a per-model choice; a provider without the
 *   field applies its own thinking default, so omitting it would not mean the same thing.
 * - top_logprobs, seed, logit_bias, metadata, user: no documented default value.
 * - temperature / top_p (default 1): every row supports them, nothing to strip.
 */
export const OPENAI_DEFAULTS: Readonly<Record<string, unknown>> = {
  n: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  logprobs: false,
  parallel_tool_calls: true,
  store: false,
  service_tier: 'auto',
  verbosity: 'medium',
  modalities: ['text'],
};

export function isOpenAIDefault(param: string, value: unknown): boolean {
  return Object.hasOwn(OPENAI_DEFAULTS, param) && isDeepStrictEqual(OPENAI_DEFAULTS[param], value);
}
