/**
 * OpenAI tool-call ids for Gemini function calls, and the thought signature riding inside them.
 *
 * Ids: `FunctionCall.id` is optional ("if populated, the client … return[s] the response with
 * the matching id", https://ai.google.dev/api/caching#FunctionCall) and generateContent usually
 * leaves it empty, so we use Gemini's id when present and otherwise synthesise
 * `call_<responseId>_<n>` (n counts the candidate's calls from 0; `call_<responseId>_<c>_<n>`
 * for candidate c > 0; no responseId part when the response has none). Stream and non-stream
 * answers build ids the same way, and the responseId keeps them unique across the turns of a
 * conversation.
 *
 * Signatures: Gemini 3 rejects a history whose function-call turn lacks the `thoughtSignature`
 * it returned (https://ai.google.dev/gemini-api/docs/thought-signatures). Our request schema is
 * strict OpenAI, so the only thing clients reliably echo back is the id: the signature is
 * appended to it (`<id>__thought__<base64url>`) and split off again when the history returns.
 */

const SEPARATOR = '__thought__';

const toBase64Url = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function fromBase64Url(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  return b64 + '='.repeat((4 - (b64.length % 4)) % 4);
}

export function syntheticCallId(responseId: string | null, candidate: number, ordinal: number): string {
  const parts = [responseId?.replace(/[^A-Za-z0-9-]/g, '-'), candidate > 0 ? String(candidate) : undefined, String(ordinal)];
  return `call_${parts.filter((p) => p !== undefined && p !== '').join('_')}`;
}

export function encodeToolCallId(id: string, thoughtSignature: string | undefined): string {
  return thoughtSignature ? `${id}${SEPARATOR}${toBase64Url(thoughtSignature)}` : id;
}

export function decodeToolCallId(openaiId: string): { id: string; thoughtSignature: string | null } {
  const at = openaiId.indexOf(SEPARATOR);
  if (at <= 0) return { id: openaiId, thoughtSignature: null };
  const encoded = openaiId.slice(at + SEPARATOR.length);
  return { id: openaiId.slice(0, at), thoughtSignature: encoded ? fromBase64Url(encoded) : null };
}
