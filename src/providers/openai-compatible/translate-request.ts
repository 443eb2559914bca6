import { isDeepStrictEqual } from 'node:util';
import type { ChatRequest } from '../../openai/chat-request.js';
import { GATEWAY_ONLY_FIELDS } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import { isOpenAIDefault } from './openai-defaults.js';
import type { OpenAICompatibleRow } from './provider-row.js';

/**
 * Our request → the upstream body for one row, minus `model`/`stream`/`stream_options` (the
 * adapter sets those). Every field is forwarded, renamed, omitted as an OpenAI default, or
 * rejected with a 400 naming it; nothing is dropped silently and no client value is overwritten.
 * Pure, so `check()` can run it before any upstream call and `buildBody()` can reuse it.
 */

/** Fields we consume ourselves and never forward: routing extras, and stream_options (we set our own). */
export const NOT_FORWARDED: ReadonlySet<string> = new Set<string>([...GATEWAY_ONLY_FIELDS, 'stream_options']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value `unsupportedValues` matches on: the string itself, or `.type` of an object value. */
function valueKey(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.type === 'string') return value.type;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function unsupported(row: OpenAICompatibleRow, param: string, value?: string) {
  const what = value === undefined ? `Parameter '${param}'` : `Value '${value}' of parameter '${param}'`;
  return invalidRequest(`${what} is not supported by provider '${row.provider}'. Remove it or choose another model.`, param, 'unsupported_parameter');
}

export function translateRequest(row: OpenAICompatibleRow, req: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  /** upstream field → the client field it came from, to catch two client fields landing on one. */
  const sources = new Map<string, string>();
  for (const [param, value] of Object.entries(req)) {
    // null means "not set" in OpenAI's reference; several vendors type their fields strictly and
    // refuse an explicit null, so it is omitted rather than forwarded.
    if (value === undefined || value === null || NOT_FORWARDED.has(param)) continue;
    if (row.unsupportedParams.includes(param)) {
      if (isOpenAIDefault(param, value)) continue;
      throw unsupported(row, param);
    }
    const key = valueKey(value);
    if (key !== null && row.unsupportedValues?.[param]?.includes(key)) throw unsupported(row, param, key);
    const target = row.renameParams[param] ?? param;
    const earlier = sources.get(target);
    if (earlier !== undefined) {
      throw invalidRequest(`Parameters '${earlier}' and '${param}' both set '${target}' for provider '${row.provider}'. Send only one of them.`, param);
    }
    sources.set(target, param);
    body[target] = value;
  }
  if (row.extraBody) mergeExtraBody(row, body, row.extraBody, '');
  return body;
}

/**
 * Row switches merged into the body. An object the client also sent is merged key by key; a leaf
 * the client set to a different value is a 400 (the provider would not honour the client's value),
 * never a silent overwrite. Today no client field can collide: MiniMax `reasoning_split` is not in
 * our request schema, and a client `provider` object is our routing extra, which is not forwarded.
 */
function mergeExtraBody(row: OpenAICompatibleRow, into: Record<string, unknown>, extra: Readonly<Record<string, unknown>>, path: string): void {
  for (const [key, value] of Object.entries(extra)) {
    const param = path ? `${path}.${key}` : key;
    const current = into[key];
    if (current === undefined) {
      into[key] = structuredClone(value);
    } else if (isObject(current) && isObject(value)) {
      const merged = { ...current };
      mergeExtraBody(row, merged, value, param);
      into[key] = merged;
    } else if (!isDeepStrictEqual(current, value)) {
      throw invalidRequest(
        `Parameter '${param}' must be ${JSON.stringify(value)} for provider '${row.provider}' (the gateway sets it so the upstream behaves like OpenAI). Remove it or choose another model.`,
        param,
        'unsupported_parameter',
      );
    }
  }
}
