import type { ChatMessage } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock } from './anthropic-wire.js';

/**
 * OpenAI user content parts → Anthropic content blocks: text, images
 * (https://platform.claude.com/docs/en/build-with-claude/vision) and PDF files
 * (https://platform.claude.com/docs/en/build-with-claude/pdf-support). Anything Anthropic cannot
 * take is a 400 naming the part.
 */

type UserPart = Exclude<Extract<ChatMessage, { role: 'user' }>['content'], string>[number];

/** The image types the Messages API accepts (SDK `Base64ImageSource.media_type`). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const unsupported = (param: string, what: string) =>
  invalidRequest(`${what} is not supported by provider 'anthropic'. Remove it or choose another model.`, param, 'unsupported_parameter');

interface DataUrl {
  mediaType: string;
  data: string;
}

/** `data:<type>;base64,<data>`; anything else (not base64, not a data URL) → null. */
export function parseDataUrl(url: string): DataUrl | null {
  const match = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match || !match[2]?.split(';').includes('base64')) return null;
  return { mediaType: (match[1] ?? '').toLowerCase(), data: match[3] ?? '' };
}

function imageBlock(part: Extract<UserPart, { type: 'image_url' }>, param: string): AnthropicImageBlock {
  // Anthropic has no detail switch: it always reads the image at up to ~1.15 megapixels, which is
  // what 'high' (and 'auto') ask for; 'low' (a 512px thumbnail) cannot be honoured.
  if (part.image_url.detail === 'low') throw unsupported(`${param}.image_url.detail`, "Image detail 'low'");
  const { url } = part.image_url;
  if (url.startsWith('data:')) {
    const parsed = parseDataUrl(url);
    if (!parsed) throw invalidRequest('Image data URLs must be base64-encoded (data:<type>;base64,<data>).', `${param}.image_url.url`);
    if (!IMAGE_TYPES.has(parsed.mediaType)) {
      throw unsupported(`${param}.image_url.url`, `Image type '${parsed.mediaType}' (anthropic accepts jpeg, png, gif and webp)`);
    }
    return { type: 'image', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalidRequest('Image URLs must be http(s) URLs or base64 data URLs.', `${param}.image_url.url`);
}

function documentBlock(part: Extract<UserPart, { type: 'file' }>, param: string): AnthropicDocumentBlock {
  const { file_data, file_id, filename } = part.file;
  if (file_id !== undefined) throw unsupported(`${param}.file.file_id`, 'An OpenAI file_id');
  const parsed = file_data === undefined ? null : parseDataUrl(file_data);
  if (!parsed || parsed.mediaType !== 'application/pdf') {
    throw unsupported(`${param}.file.file_data`, 'A file other than a base64 PDF data URL');
  }
  const block: AnthropicDocumentBlock = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: parsed.data } };
  if (filename !== undefined) block.title = filename;
  return block;
}

export function toUserBlocks(content: string | UserPart[], param: string): AnthropicContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, j): AnthropicContentBlock[] => {
    const at = `${param}[${j}]`;
    switch (part.type) {
      case 'text':
        return part.text === '' ? [] : [{ type: 'text', text: part.text }];
      case 'image_url':
        return [imageBlock(part, at)];
      case 'file':
        return [documentBlock(part, at)];
      case 'input_audio':
        throw unsupported(at, 'Audio input');
      default: {
        const never: never = part;
        throw invalidRequest(`Unknown content part ${JSON.stringify(never)}.`, at);
      }
    }
  });
}
