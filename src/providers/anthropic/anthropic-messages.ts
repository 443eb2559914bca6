import type { ChatMessage } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import { toUserBlocks } from './anthropic-content.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTextBlock, AnthropicToolUseBlock } from './anthropic-wire.js';
import { isObject } from './anthropic-wire.js';

/**
 * OpenAI messages → Anthropic `system` + `messages`
 * (https://platform.claude.com/docs/en/api/messages):
 * - system and developer messages → top-level `system` (Anthropic has no system role), in order;
 * - assistant tool_calls → `tool_use` blocks; tool messages → `tool_result` blocks in a user turn
 *   (https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls);
 * - consecutive turns of one role merge into one turn, so parallel tool results share one user
 *   turn, with the results first as the API requires.
 */

export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

const unsupported = (param: string, what: string) =>
  invalidRequest(`${what} is not supported by provider 'anthropic'.`, param, 'unsupported_parameter');

function textBlocks(content: string | Array<{ type: 'text'; text: string } | { type: 'refusal'; refusal: string }> | null | undefined): AnthropicTextBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content
    .map((part) => (part.type === 'text' ? part.text : part.refusal))
    .filter((text) => text !== '')
    .map((text) => ({ type: 'text', text }));
}

function toolUse(call: { id: string; function: { name: string; arguments: string } }, param: string): AnthropicToolUseBlock {
  let input: unknown = {};
  if (call.function.arguments.trim() !== '') {
    try {
      input = JSON.parse(call.function.arguments);
    } catch {
      input = undefined;
    }
  }
  // Anthropic's tool_use.input is an object; OpenAI's arguments is a string that should encode one.
  if (!isObject(input)) throw invalidRequest('Tool call arguments must be a JSON object.', `${param}.function.arguments`);
  return { type: 'tool_use', id: call.id, name: call.function.name, input };
}

function assistantBlocks(m: Extract<ChatMessage, { role: 'assistant' }>, param: string): AnthropicContentBlock[] {
  if (m.function_call) throw unsupported(`${param}.function_call`, 'Legacy function_call');
  if (m.audio) throw unsupported(`${param}.audio`, 'Assistant audio');
  const blocks: AnthropicContentBlock[] = textBlocks(m.content);
  if (blocks.length === 0 && m.refusal) blocks.push({ type: 'text', text: m.refusal });
  // reasoning_content is not replayed: Anthropic only accepts thinking blocks it signed, and it
  // strips earlier turns' thinking from the context anyway
  // (https://platform.claude.com/docs/en/build-with-claude/extended-thinking#how-context-window-is-calculated-with-extended-thinking).
  for (const [k, call] of (m.tool_calls ?? []).entries()) blocks.push(toolUse(call, `${param}.tool_calls[${k}]`));
  return blocks;
}

function append(out: AnthropicMessage[], role: 'user' | 'assistant', blocks: AnthropicContentBlock[]): void {
  // An empty turn carries nothing and the API rejects empty content.
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
  else out.push({ role, content: blocks });
}

export function toAnthropicConversation(messages: readonly ChatMessage[]): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const out: AnthropicMessage[] = [];
  for (const [i, m] of messages.entries()) {
    const param = `messages[${i}]`;
    if (m.role !== 'function' && 'name' in m && m.name !== undefined) throw unsupported(`${param}.name`, 'A participant name on a message');
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(...textBlocks(m.content));
        break;
      case 'user':
        append(out, 'user', toUserBlocks(m.content, `${param}.content`));
        break;
      case 'assistant':
        append(out, 'assistant', assistantBlocks(m, param));
        break;
      case 'tool':
        append(out, 'user', [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: typeof m.content === 'string' ? m.content : textBlocks(m.content) }]);
        break;
      case 'function':
        throw unsupported(`${param}.role`, "The legacy 'function' role (use tool messages)");
      default: {
        const never: never = m;
        throw invalidRequest(`Unknown message ${JSON.stringify(never)}.`, param);
      }
    }
  }
  // A turn of exactly one text block is sent in the API's string shorthand.
  for (const m of out) {
    const only = Array.isArray(m.content) && m.content.length === 1 ? m.content[0] : undefined;
    if (only?.type === 'text') m.content = only.text;
  }
  return { system, messages: out };
}
