import type { ChatMessage } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import { decodeToolCallId } from './gemini-tool-call-id.js';
import type { GeminiContent, GeminiPart } from './gemini-wire.js';

/**
 * OpenAI messages → Gemini `contents` + `systemInstruction`
 * (https://ai.google.dev/api/caching#Content):
 * - system/developer → `systemInstruction` (Gemini has one; they are joined in order);
 * - assistant → role `model`: text, then one `functionCall` part per tool call;
 * - tool → `functionResponse` in a user turn, its name looked up from the assistant call;
 * - consecutive turns of one role are merged (parallel tool results become one user turn).
 * Anything Gemini cannot carry is a 400 naming the field.
 */

export type ImageDetail = 'low' | 'high';

export interface ContentsTranslation {
  contents: GeminiContent[];
  systemParts: GeminiPart[];
  /** `detail` values of the image parts (Gemini has one media resolution per request). */
  imageDetails: Set<ImageDetail>;
}

/**
 * For function-call turns the model did not sign (another model's turns, hand-built
 * transcripts), the validator-skipping placeholder Google's guide gives for such history
 * (https://ai.google.dev/gemini-api/docs/thought-signatures). Sent on Gemini 3+ only, where a
 * missing signature is a 400.
 */
export const UNSIGNED_CALL_SIGNATURE = 'skip_thought_signature_validator';

// https://ai.google.dev/gemini-api/docs/image-understanding#supported-formats
const IMAGE_MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

function dataUrlPart(url: string, param: string): GeminiPart {
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (!match?.[1] || match[3] === undefined) {
    throw invalidRequest(`${param} must be a base64 data: URL (data:<mime type>;base64,<data>).`, param);
  }
  return { inlineData: { mimeType: match[1], data: match[3] } };
}

/**
 * Images: data: URLs become `inlineData`. The Gemini API fetches public HTTPS URLs itself when
 * passed as `fileData` (https://ai.google.dev/gemini-api/docs/file-input-methods), but `fileData`
 * needs a MIME type, which we take from the file extension; anything else is a 400.
 */
function imagePart(url: string, param: string): GeminiPart {
  if (url.startsWith('data:')) return dataUrlPart(url, param);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`${param} is neither a data: URL nor a valid URL.`, param);
  }
  if (parsed.protocol !== 'https:') {
    throw invalidRequest(`${param}: Gemini fetches only public https:// URLs; send the image as a base64 data: URL instead.`, param);
  }
  const extension = /\.([a-z0-9]+)$/i.exec(parsed.pathname)?.[1]?.toLowerCase() ?? '';
  const mimeType = IMAGE_MIME_BY_EXTENSION[extension];
  if (!mimeType) {
    throw invalidRequest(
      `${param}: Gemini needs the image type of a URL, and '${parsed.pathname}' does not end in .png, .jpg, .jpeg, .webp, .heic or .heif; send the image as a base64 data: URL instead.`,
      param,
    );
  }
  return { fileData: { mimeType, fileUri: url } };
}

function textOf(content: string | Array<{ type: 'text'; text: string }>): string {
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

/** Tool output → `FunctionResponse.response`, which must be an object: "use the 'output' key to specify function output" (https://ai.google.dev/api/caching#FunctionResponse). */
function functionResponseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return { output: value };
  } catch {
    return { output: text };
  }
}

function rejectName(message: { name?: string | undefined }, i: number): void {
  if (message.name !== undefined) {
    throw invalidRequest(`messages[${i}].name is not supported by Gemini (it has no participant names). Remove it or put the name in the content.`, `messages[${i}].name`, 'unsupported_parameter');
  }
}

export function toGeminiContents(messages: readonly ChatMessage[], opts: { signUnsignedCalls: boolean }): ContentsTranslation {
  const systemParts: GeminiPart[] = [];
  const turns: GeminiContent[] = [];
  const imageDetails = new Set<ImageDetail>();
  // Tool-call id → function name, as of the latest assistant turn that used the id.
  const callNames = new Map<string, string>();

  for (const [i, message] of messages.entries()) {
    switch (message.role) {
      case 'system':
      case 'developer':
        rejectName(message, i);
        systemParts.push({ text: textOf(message.content) });
        break;
      case 'user': {
        rejectName(message, i);
        if (typeof message.content === 'string') {
          turns.push({ role: 'user', parts: [{ text: message.content }] });
          break;
        }
        const parts = message.content.map((part, j): GeminiPart => {
          const param = `messages[${i}].content[${j}]`;
          switch (part.type) {
            case 'text':
              return { text: part.text };
            case 'image_url':
              if (part.image_url.detail === 'low' || part.image_url.detail === 'high') imageDetails.add(part.image_url.detail);
              return imagePart(part.image_url.url, `${param}.image_url.url`);
            case 'input_audio':
              return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
            case 'file':
              if (part.file.file_id !== undefined || part.file.file_data === undefined) {
                throw invalidRequest(`${param}.file: Gemini cannot read OpenAI file ids; send the file as file_data (a base64 data: URL).`, `${param}.file.file_id`, 'unsupported_parameter');
              }
              // `filename` is only a label; Gemini's inline data has no name field.
              return dataUrlPart(part.file.file_data, `${param}.file.file_data`);
            default: {
              const unreachable: never = part;
              throw invalidRequest(`Unsupported content part ${JSON.stringify(unreachable)}.`, param);
            }
          }
        });
        turns.push({ role: 'user', parts });
        break;
      }
      case 'assistant': {
        rejectName(message, i);
        if (message.function_call) throw invalidRequest(`messages[${i}].function_call (legacy function calling) is not supported for Gemini; use tool_calls.`, `messages[${i}].function_call`, 'unsupported_parameter');
        if (message.audio) throw invalidRequest(`messages[${i}].audio is not supported by Gemini.`, `messages[${i}].audio`, 'unsupported_parameter');
        // reasoning_content is not sent back: Gemini carries reasoning across turns in thought signatures.
        const parts: GeminiPart[] = [];
        if (typeof message.content === 'string') {
          if (message.content !== '') parts.push({ text: message.content });
        } else if (Array.isArray(message.content)) {
          for (const p of message.content) parts.push({ text: p.type === 'text' ? p.text : p.refusal });
        }
        if (message.refusal) parts.push({ text: message.refusal });
        let signed = false;
        const calls: GeminiPart[] = (message.tool_calls ?? []).map((call, j) => {
          let args: unknown;
          try {
            args = JSON.parse(call.function.arguments || '{}');
          } catch {
            args = undefined;
          }
          if (typeof args !== 'object' || args === null || Array.isArray(args)) {
            const param = `messages[${i}].tool_calls[${j}].function.arguments`;
            throw invalidRequest(`${param} must be a JSON object (Gemini function-call arguments are an object).`, param);
          }
          const { id, thoughtSignature } = decodeToolCallId(call.id);
          callNames.set(call.id, call.function.name);
          if (thoughtSignature) signed = true;
          return {
            functionCall: { id, name: call.function.name, args: args as Record<string, unknown> },
            ...(thoughtSignature ? { thoughtSignature } : {}),
          };
        });
        const first = calls[0];
        if (opts.signUnsignedCalls && !signed && first) first.thoughtSignature = UNSIGNED_CALL_SIGNATURE;
        parts.push(...calls);
        if (parts.length > 0) turns.push({ role: 'model', parts });
        break;
      }
      case 'tool': {
        const name = callNames.get(message.tool_call_id);
        if (name === undefined) {
          throw invalidRequest(
            `messages[${i}].tool_call_id '${message.tool_call_id}' does not match a tool call of an earlier assistant message (Gemini needs the function name of every tool result).`,
            `messages[${i}].tool_call_id`,
          );
        }
        const { id } = decodeToolCallId(message.tool_call_id);
        turns.push({ role: 'user', parts: [{ functionResponse: { id, name, response: functionResponseBody(textOf(message.content)) } }] });
        break;
      }
      case 'function':
        throw invalidRequest(`messages[${i}]: role 'function' (legacy function calling) is not supported for Gemini; use tool messages.`, `messages[${i}].role`, 'unsupported_parameter');
      default: {
        const unreachable: never = message;
        throw invalidRequest(`Unsupported message ${JSON.stringify(unreachable)}.`, `messages[${i}]`);
      }
    }
  }

  const contents: GeminiContent[] = [];
  for (const turn of turns) {
    const last = contents[contents.length - 1];
    if (last && last.role === turn.role) last.parts.push(...turn.parts);
    else contents.push({ role: turn.role, parts: [...turn.parts] });
  }
  return { contents, systemParts, imageDetails };
}
