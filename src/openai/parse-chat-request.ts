import type { z } from 'zod';
import { invalidRequest, type GatewayError } from './errors.js';
import { chatRequestSchema, type ChatRequest } from './chat-request.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** `messages.0.content` → `messages[0].content`, the form OpenAI uses in `param`. */
export function formatParamPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function zodToGatewayError(error: z.ZodError, what = 'request body'): GatewayError {
  const issue = error.issues[0];
  if (!issue) return invalidRequest(`Invalid ${what}.`);
  if (issue.code === 'unrecognized_keys') {
    const base = formatParamPath(issue.path);
    const key = issue.keys[0] ?? '';
    const param = base ? `${base}.${key}` : key;
    return invalidRequest(`Unrecognized request argument supplied: ${param}`, param);
  }
  const param = formatParamPath(issue.path) || null;
  return invalidRequest(`Invalid ${param ? `'${param}'` : what}: ${issue.message}`, param);
}

/**
 * Raw bytes → a validated ChatRequest. Rejects invalid UTF-8 (JSON.parse would silently turn it
 * into U+FFFD and the cache key would no longer be the bytes the client sent).
 */
export function parseChatRequest(body: Buffer | string): ChatRequest {
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = strictUtf8.decode(body);
    } catch {
      throw invalidRequest('Request body is not valid UTF-8.');
    }
  }
  if (text.length === 0) throw invalidRequest('Request body is empty; expected a JSON object.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidRequest(`We could not parse the JSON body of your request: ${(err as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw invalidRequest('Request body must be a JSON object.');
  }
  const result = chatRequestSchema.safeParse(json);
  if (!result.success) throw zodToGatewayError(result.error);
  if (result.data.max_tokens != null && result.data.max_completion_tokens != null) {
    throw invalidRequest('Set only one of max_tokens and max_completion_tokens.', 'max_tokens');
  }
  if (result.data.stream_options && result.data.stream !== true) {
    throw invalidRequest('stream_options is only allowed when stream is true.', 'stream_options');
  }
  return result.data;
}
