import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-wire.js';

/**
 * OpenAI tools / tool_choice / parallel_tool_calls → Anthropic tools and tool_choice
 * (https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use):
 * parameters → input_schema; auto → auto, none → none, required → any, a named function → tool;
 * parallel_tool_calls: false → disable_parallel_tool_use: true.
 */

export interface AnthropicToolConfig {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

function toTool(fn: NonNullable<ChatRequest['tools']>[number]['function']): AnthropicTool {
  // Anthropic requires an object schema; OpenAI lets a tool without parameters take none.
  const tool: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { type: 'object', properties: {} } };
  if (fn.description !== undefined) tool.description = fn.description;
  // Strict tool use: "guarantees schema validation on tool names and inputs" (structured outputs).
  if (fn.strict === true) tool.strict = true;
  return tool;
}

export function toAnthropicTools(req: ChatRequest): AnthropicToolConfig {
  const tools = (req.tools ?? []).map((t) => toTool(t.function));
  const choice = req.tool_choice;
  if (tools.length === 0) {
    // Without tools, 'auto' and 'none' ask for nothing; forcing a call cannot be honoured.
    if (choice === 'required' || typeof choice === 'object') throw invalidRequest('tool_choice requires tools.', 'tool_choice');
    return {};
  }
  const noParallel = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  let toolChoice: AnthropicToolChoice | undefined;
  if (choice === undefined) toolChoice = req.parallel_tool_calls === false ? { type: 'auto', ...noParallel } : undefined;
  else if (choice === 'auto') toolChoice = { type: 'auto', ...noParallel };
  else if (choice === 'none') toolChoice = { type: 'none' };
  else if (choice === 'required') toolChoice = { type: 'any', ...noParallel };
  else {
    const name = choice.function.name;
    if (!tools.some((t) => t.name === name)) throw invalidRequest(`tool_choice names '${name}', which is not in tools.`, 'tool_choice');
    toolChoice = { type: 'tool', name, ...noParallel };
  }
  return toolChoice ? { tools, tool_choice: toolChoice } : { tools };
}

/** True when tool_choice makes the model call a tool (incompatible with extended thinking). */
export function forcesToolUse(choice: AnthropicToolChoice | undefined): boolean {
  return choice?.type === 'any' || choice?.type === 'tool';
}
