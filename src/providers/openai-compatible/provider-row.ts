import type { ProviderId } from '../../catalog/catalog.js';

/**
 * One OpenAI-compatible upstream as data (STYLE: "a provider that differs only in URL and auth
 * is one row of data"). The rows live in provider-rows.ts; docs/providers.md explains each one.
 *
 * Conventions every row follows:
 * - `unsupportedParams` names top-level request fields of OUR request schema
 *   (src/openai/chat-request.ts). Present and non-null → the gateway answers 400 naming the field;
 *   it is never forwarded and never silently dropped. Where no source settled whether a provider
 *   honours a field, the row lists it (reject rather than drop) and says so in `notes`.
 *   A value equal to OpenAI's documented default (openai-defaults.ts: n: 1, logprobs: false,
 *   presence_penalty: 0, …) is treated as absent and stripped, because it asks for nothing the
 *   upstream lacks.
 * - `unsupportedValues` narrows a field the provider does have to the values it lacks, e.g.
 *   `response_format: ['json_schema']` or `tool_choice: ['required', 'function']`. Match on the
 *   string value, or on `.type` for object values (`tool_choice: {type:'function',…}` is 'function').
 * - `renameParams` maps our field name to the provider's name for the same meaning, applied after
 *   the checks. A rename target the client also sent is a conflict the adapter must 400 on.
 * - `streamUsage`: 'stream_options' → the upstream only reports usage on a stream when asked with
 *   `stream_options: {include_usage: true}`, which the gateway always sends (we bill from it);
 *   'always' → the upstream reports usage unasked, and `stream_options` must not be sent.
 * - `extraBody` is merged into every upstream body (provider switches that make the upstream
 *   behave the OpenAI way, e.g. MiniMax `reasoning_split`). Objects merge key by key with what the
 *   client sent; a leaf the client set to a different value is a 400, never overwritten.
 * - `chinaBaseUrl` is not chosen automatically (`<PREFIX>_BASE_URL` selects it); the adapter names
 *   it in the error when the upstream refuses the key, since keys are per platform.
 */
export interface OpenAICompatibleRow {
  provider: ProviderId;
  /** International endpoint, no trailing slash. */
  defaultBaseUrl: string;
  /** Mainland-China endpoint where the provider runs a separate one (also no trailing slash). */
  chinaBaseUrl?: string;
  /** Appended to the base URL, e.g. '/chat/completions'. */
  chatPath: string;
  /** Header name lower-case; scheme null means the raw key is the header value. */
  auth: { header: string; scheme: 'Bearer' | null };
  apiKeyEnv: string;
  baseUrlEnv: string;
  /** The API reference page the row was built from. */
  docsUrl: string;
  /** OpenAI body fields the provider rejects or ignores → gateway answers 400 naming it. */
  unsupportedParams: readonly string[];
  /** Values of a supported field that the provider lacks → 400 naming the field and value. */
  unsupportedValues?: Readonly<Record<string, readonly string[]>>;
  /** Our field name → the provider's field name, e.g. { max_completion_tokens: 'max_tokens' }. */
  renameParams: Readonly<Record<string, string>>;
  /** Constant fields added to every upstream body. */
  extraBody?: Readonly<Record<string, unknown>>;
  /** How usage arrives on a stream. */
  streamUsage: 'stream_options' | 'always';
  /**
   * message/delta field carrying reasoning text, e.g. 'reasoning_content'; null if none. A string,
   * or an array of `{text}` parts (MiniMax `reasoning_details`); copied into `reasoning_content`.
   */
  reasoningField: string | null;
  /**
   * usage.completion_tokens leaves out reasoning tokens (total = prompt + completion + reasoning),
   * unlike OpenAI where completion includes them. The normaliser adds them back.
   */
  completionExcludesReasoning?: boolean;
  /** Quirks, each with a doc link. */
  notes: readonly string[];
}
