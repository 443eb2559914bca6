import type { ChatMessage, ChatRequest } from '../../openai/chat-request.js';
import type { ChatChunk, ChatCompletion, FinishReason, ToolCall, Usage } from '../../openai/chat-response.js';
import { createHash } from 'node:crypto';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';
import { sampleFromSchema } from './sample-from-schema.js';

/**
 * The built-in offline test provider: deterministic answers with no network, so the quickstart
 * works without credentials. Answers are clearly marked as coming from a test model.
 *
 * - text: "[sandbox] Echo: <last user text>"
 * - json_object / json_schema: a JSON value satisfying the schema
 * - tools: `sandbox-tools` (or tool_choice required/named) calls the chosen tool with arguments
 *   sampled from its parameter schema
 * - max_tokens: the answer is cut to that many words and ends with finish_reason "length"
 */

function messageText(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join(' ');
}

/** ~4 characters a token, the usual rule of thumb; the sandbox reports these as its usage. */
const tokensOf = (text: string) => Math.max(1, Math.ceil([...text].length / 4));

interface SandboxAnswer {
  content: string | null;
  toolCalls: ToolCall[] | null;
  finish: FinishReason;
  usage: Usage;
}

function answer(req: ChatRequest, target: UpstreamTarget): SandboxAnswer {
  const promptText = req.messages.map(messageText).join('\n');
  const lastUser = [...req.messages].reverse().find((m) => m.role === 'user');
  const userText = lastUser ? messageText(lastUser) : '';
  const promptTokens = tokensOf(promptText) + 3 * req.messages.length;
  const callId = `call_${createHash('sha256').update(promptText).digest('hex').slice(0, 24)}`;

  const choice = req.tool_choice;
  const tools = req.tools ?? [];
  const wantsTool = tools.length > 0 && choice !== 'none' && (target.upstreamModel === 'sandbox-tools' || choice === 'required' || typeof choice === 'object');
  const lastIsToolResult = req.messages[req.messages.length - 1]?.role === 'tool';
  if (wantsTool && !lastIsToolResult) {
    const tool = typeof choice === 'object' ? tools.find((t) => t.function.name === choice.function.name) ?? tools[0] : tools[0];
    const args = JSON.stringify(sampleFromSchema(tool?.function.parameters ?? { type: 'object' }));
    const toolCalls: ToolCall[] = [{ id: callId, type: 'function', function: { name: tool?.function.name ?? 'tool', arguments: args } }];
    const completion = tokensOf(args) + 5;
    return { content: null, toolCalls, finish: 'tool_calls', usage: usage(promptTokens, completion) };
  }

  let content: string;
  const format = req.response_format;
  if (format?.type === 'json_schema') content = JSON.stringify(sampleFromSchema(format.json_schema.schema ?? { type: 'object' }));
  else if (format?.type === 'json_object') content = JSON.stringify({ sandbox: true, echo: userText });
  else if (lastIsToolResult) content = `[sandbox] Tool result received: ${messageText(req.messages[req.messages.length - 1] as ChatMessage)}`;
  else content = `[sandbox] Echo: ${userText}`;

  let finish: FinishReason = 'stop';
  const limit = req.max_completion_tokens ?? req.max_tokens ?? null;
  if (limit !== null && format?.type !== 'json_schema' && format?.type !== 'json_object') {
    const words = content.split(' ');
    if (words.length > limit) {
      content = words.slice(0, limit).join(' ');
      finish = 'length';
    }
  }
  return { content, toolCalls: null, finish, usage: usage(promptTokens, tokensOf(content)) };
}

function usage(prompt: number, completion: number): Usage {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

export class SandboxProvider implements Provider {
  readonly id = 'sandbox';

  check(): void {
    // The sandbox accepts every parameter; it honours the ones that shape its answer.
  }

  async complete(req: ChatRequest, target: UpstreamTarget): Promise<ProviderResult> {
    const a = answer(req, target);
    const n = req.n ?? 1;
    const id = `chatcmpl-sandbox-${Date.now().toString(36)}`;
    const completion: ChatCompletion = {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: target.upstreamModel,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant' as const, content: a.content, refusal: null, ...(a.toolCalls ? { tool_calls: a.toolCalls } : {}) },
        finish_reason: a.finish,
        logprobs: null,
      })),
      usage: { ...a.usage, completion_tokens: a.usage.completion_tokens * n, total_tokens: a.usage.prompt_tokens + a.usage.completion_tokens * n },
      system_fingerprint: 'sandbox',
    };
    return { completion, providerRequestId: id, rawFinishReason: a.finish };
  }

  async stream(req: ChatRequest, target: UpstreamTarget): Promise<ProviderStream> {
    const { completion } = await this.complete(req, target);
    const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model, system_fingerprint: 'sandbox' };
    async function* chunks(): AsyncGenerator<ChatChunk> {
      for (const choice of completion.choices) {
        const { index, message } = choice;
        yield { ...base, choices: [{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
        if (message.content) {
          const pieces = message.content.match(/\S+\s*|\s+/g) ?? [message.content];
          for (const piece of pieces) yield { ...base, choices: [{ index, delta: { content: piece }, finish_reason: null }] };
        }
        for (const [i, call] of (message.tool_calls ?? []).entries()) {
          yield { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }] };
          const args = call.function.arguments;
          const mid = Math.ceil(args.length / 2);
          for (const part of [args.slice(0, mid), args.slice(mid)]) {
            if (part) yield { ...base, choices: [{ index, delta: { tool_calls: [{ index: i, function: { arguments: part } }] }, finish_reason: null }] };
          }
        }
        yield { ...base, choices: [{ index, delta: {}, finish_reason: choice.finish_reason }] };
      }
      yield { ...base, choices: [], usage: completion.usage ?? null };
    }
    return { providerRequestId: completion.id, chunks: chunks(), rawFinishReason: () => completion.choices[0]?.finish_reason ?? null };
  }
}
