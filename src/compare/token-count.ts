import type { ChatMessage, ChatRequest } from '../openai/chat-request.js';

/**
 * Prompt tokens counted with a real tokenizer: `gpt-tokenizer`'s o200k_base (the encoding of
 * GPT-4o, GPT-4.1, GPT-5 and the o-series), encodings shipped inside the package. Chat requests
 * are counted the way OpenAI bills them (per-message overhead, reply priming, tool definitions
 * rendered as OpenAI renders functions), by the library's own `countChatCompletionTokens`
 * (https://github.com/niieani/gpt-tokenizer#countchatcompletiontokensrequest-chatcompletionrequest-number).
 *
 * The module is loaded on first use: parsing the encoding costs ~0.5 s, which gateway start-up
 * and unrelated CLI commands should not pay.
 */

type TokenizerModule = typeof import('gpt-tokenizer/model/gpt-4o');
type CountRequest = Parameters<NonNullable<TokenizerModule['countChatCompletionTokens']>>[0];
type LibMessage = CountRequest['messages'][number];
type LibFunction = NonNullable<CountRequest['functions']>[number];

export const TOKENIZER = { library: 'gpt-tokenizer', encoding: 'o200k_base' } as const;

/**
 * Image input is billed by size and detail (85 tokens at `low`; 85 + 170 per 512-px tile at
 * `high`/`auto`, https://platform.openai.com/docs/guides/images-vision#calculating-costs). The size
 * is unknown without fetching the image, so `high`/`auto` assume one 1024×1024 image (4 tiles).
 */
const IMAGE_TOKENS_LOW = 85;
const IMAGE_TOKENS_ASSUMED = 85 + 170 * 4;

export interface PromptTokenCount {
  tokens: number;
  /** Parts whose tokens are assumed rather than counted (images, audio, files). */
  assumptions: string[];
}

export interface Tokenizer {
  countText(text: string): number;
  countChat(req: ChatTokenInput): PromptTokenCount;
}

/** The parts of a chat request that cost prompt tokens. */
export type ChatTokenInput = Pick<ChatRequest, 'messages' | 'tools' | 'tool_choice' | 'functions' | 'function_call'>;

let loading: Promise<Tokenizer> | null = null;

export function loadTokenizer(): Promise<Tokenizer> {
  loading ??= import('gpt-tokenizer/model/gpt-4o').then(makeTokenizer, (err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

function makeTokenizer(lib: TokenizerModule): Tokenizer {
  const countChatCompletion = lib.countChatCompletionTokens;
  if (!countChatCompletion) throw new Error('gpt-tokenizer: gpt-4o has no chat-completion counter');
  const countText = (text: string) => lib.countTokens(text);
  return {
    countText,
    countChat(req) {
      const assumptions = new Set<string>();
      let extra = 0;
      const messages: LibMessage[] = req.messages.map((m) => {
        const part = messageText(m, assumptions);
        extra += part.extraTokens;
        for (const call of m.role === 'assistant' ? (m.tool_calls ?? []) : []) {
          // Like a legacy function_call: name + arguments + 3 tokens of framing.
          extra += countText(call.function.name) + countText(call.function.arguments) + 3;
        }
        const legacy = m.role === 'assistant' && m.function_call ? { function_call: m.function_call } : {};
        return { role: m.role, content: part.text, ...('name' in m && m.name ? { name: m.name } : {}), ...legacy };
      });
      const functions = [...(req.tools ?? []).map((t) => t.function), ...(req.functions ?? [])].map(toLibFunction);
      const call = functionCallOf(req);
      const tokens = countChatCompletion({ messages, ...(functions.length ? { functions } : {}), ...(call ? { function_call: call } : {}) });
      return { tokens: tokens + extra, assumptions: [...assumptions] };
    },
  };
}

function messageText(m: ChatMessage, assumptions: Set<string>): { text: string; extraTokens: number } {
  const content = m.content;
  if (content === null || content === undefined) return { text: '', extraTokens: 0 };
  if (typeof content === 'string') return { text: content, extraTokens: 0 };
  let text = '';
  let extraTokens = 0;
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'refusal':
        text += part.refusal;
        break;
      case 'image_url':
        if (part.image_url.detail === 'low') extraTokens += IMAGE_TOKENS_LOW;
        else {
          extraTokens += IMAGE_TOKENS_ASSUMED;
          assumptions.add(`image parts without detail "low" counted as one 1024×1024 image (${IMAGE_TOKENS_ASSUMED} tokens each)`);
        }
        break;
      case 'input_audio':
        assumptions.add('audio parts are not counted');
        break;
      case 'file':
        assumptions.add('file parts are not counted');
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  return { text, extraTokens };
}

/** Tool parameters are client JSON Schema; the library reads only type/description/enum/items/properties/required and renders anything else as `any`, as OpenAI does. */
function toLibFunction(fn: { name: string; description?: string | undefined; parameters?: Record<string, unknown> | undefined }): LibFunction {
  const params = fn.parameters;
  const objectParams = params && (params['type'] === undefined || params['type'] === 'object') ? (params as unknown as LibFunction['parameters']) : undefined;
  return { name: fn.name, ...(fn.description ? { description: fn.description } : {}), ...(objectParams ? { parameters: objectParams } : {}) };
}

function functionCallOf(req: ChatTokenInput): CountRequest['function_call'] | undefined {
  const choice = req.tool_choice;
  if (choice === 'none') return 'none';
  if (choice && typeof choice === 'object') return { name: choice.function.name };
  const legacy = req.function_call;
  if (legacy === 'none') return 'none';
  if (legacy && typeof legacy === 'object') return { name: legacy.name };
  return undefined;
}
