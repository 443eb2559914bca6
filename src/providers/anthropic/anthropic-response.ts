import type { AssistantMessage, ChatCompletion, ToolCall } from '../../openai/chat-response.js';
import { normaliseAnthropicStopReason } from './anthropic-finish-reason.js';
import { toOpenAIUsage } from './anthropic-usage.js';
import { isObject, str } from './anthropic-wire.js';

/**
 * An Anthropic Message (https://platform.claude.com/docs/en/api/messages, response body) → an
 * OpenAI ChatCompletion: text blocks → content, thinking blocks → reasoning_content, tool_use
 * blocks → tool_calls (arguments as a JSON string). A json_object answer arrives as the forced
 * tool's input and becomes the content, with finish_reason 'stop'.
 */

export interface AnthropicCompletion {
  completion: ChatCompletion;
  rawFinishReason: string | null;
}

export interface ResponseContext {
  fallbackModel: string;
  /** The forced json_object tool, if the request used one. */
  jsonTool: string | null;
  created?: number;
}

export function toChatCompletion(raw: unknown, ctx: ResponseContext): AnthropicCompletion | null {
  if (!isObject(raw) || raw.type !== 'message' || !Array.isArray(raw.content)) return null;
  const text: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  let jsonAnswer: string | null = null;
  for (const block of raw.content) {
    if (!isObject(block)) continue;
    if (block.type === 'text') text.push(str(block.text) ?? '');
    else if (block.type === 'thinking') thinking.push(str(block.thinking) ?? '');
    else if (block.type === 'tool_use') {
      const args = JSON.stringify(block.input ?? {});
      if (ctx.jsonTool !== null && block.name === ctx.jsonTool) jsonAnswer = args;
      else toolCalls.push({ id: str(block.id) ?? '', type: 'function', function: { name: str(block.name) ?? '', arguments: args } });
    }
    // redacted_thinking is encrypted and has no readable form; server-tool blocks need server
    // tools, which we never send.
  }
  const rawFinishReason = str(raw.stop_reason) ?? null;
  const jsonDone = jsonAnswer !== null && rawFinishReason === 'tool_use';
  const message: AssistantMessage = {
    role: 'assistant',
    content: jsonAnswer ?? (text.length ? text.join('') : null),
    refusal: null,
  };
  if (rawFinishReason === 'refusal' && isObject(raw.stop_details)) message.refusal = str(raw.stop_details.explanation) ?? null;
  if (thinking.length) message.reasoning_content = thinking.join('');
  if (toolCalls.length) message.tool_calls = toolCalls;
  const completion: ChatCompletion = {
    id: str(raw.id) ?? '',
    object: 'chat.completion',
    created: ctx.created ?? Math.floor(Date.now() / 1000),
    model: str(raw.model) ?? ctx.fallbackModel,
    choices: [{ index: 0, message, finish_reason: jsonDone ? 'stop' : normaliseAnthropicStopReason(rawFinishReason), logprobs: null }],
  };
  if (isObject(raw.usage)) completion.usage = toOpenAIUsage(raw.usage);
  return { completion, rawFinishReason };
}
