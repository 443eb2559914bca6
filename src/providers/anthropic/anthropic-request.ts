import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { UpstreamTarget } from '../provider.js';
import { toAnthropicConversation } from './anthropic-messages.js';
import { JSON_OBJECT_TOOL, toAnthropicOutputShape } from './anthropic-response-format.js';
import { checkThinkingCompatibility, toAnthropicThinking } from './anthropic-thinking.js';
import { forcesToolUse, toAnthropicTools } from './anthropic-tools.js';
import type { AnthropicContentBlock, AnthropicRequestBody } from './anthropic-wire.js';

/**
 * Our Chat Completions request → an Anthropic Messages request body. Every field of ChatRequest
 * is classified below (the Record type makes a new field a compile error): translated, rejected
 * with a 400 naming it, or consumed by the gateway. Nothing is dropped silently.
 */

type FieldRule =
  | { kind: 'translated' }
  /** 400 unless absent, null, or equal to `noop` (OpenAI's default, which asks for nothing). */
  | { kind: 'rejected'; noop?: unknown; why: string }
  | { kind: 'gateway'; why: string };

const translated: FieldRule = { kind: 'translated' };
const rejected = (why: string, noop?: unknown): FieldRule => (noop === undefined ? { kind: 'rejected', why } : { kind: 'rejected', why, noop });

export const ANTHROPIC_FIELDS: Readonly<Record<keyof ChatRequest, FieldRule>> = {
  model: translated,
  messages: translated,
  temperature: translated,
  top_p: translated,
  max_tokens: translated,
  max_completion_tokens: translated,
  stop: translated,
  tools: translated,
  tool_choice: translated,
  parallel_tool_calls: translated,
  response_format: translated,
  reasoning_effort: translated,
  user: translated,
  safety_identifier: translated,
  service_tier: translated,
  n: rejected('the Messages API returns one message per request', 1),
  seed: rejected('the Messages API has no seed'),
  logprobs: rejected('the Messages API returns no log probabilities', false),
  top_logprobs: rejected('the Messages API returns no log probabilities'),
  logit_bias: rejected('the Messages API has no logit bias'),
  presence_penalty: rejected('the Messages API has no presence penalty', 0),
  frequency_penalty: rejected('the Messages API has no frequency penalty', 0),
  verbosity: rejected('the Messages API has no verbosity control'),
  functions: rejected('legacy function calling; use tools'),
  function_call: rejected('legacy function calling; use tool_choice'),
  store: rejected('OpenAI stored completions', false),
  metadata: rejected("the Messages API's metadata holds only user_id (send `user`)"),
  prompt_cache_key: rejected('Anthropic caches by cache_control breakpoints, not by key'),
  modalities: rejected('the Messages API outputs text only', ['text']),
  stream: { kind: 'gateway', why: 'the adapter sets stream itself (complete vs stream)' },
  stream_options: { kind: 'gateway', why: 'Anthropic streams always report usage' },
  models: { kind: 'gateway', why: 'routing extra' },
  provider: { kind: 'gateway', why: 'routing extra' },
};

const DEFAULT_MAX_TOKENS = 4096;

function isNoop(value: unknown, noop: unknown): boolean {
  return value === undefined || value === null || (noop !== undefined && JSON.stringify(value) === JSON.stringify(noop));
}

function rejectUnsupported(req: ChatRequest): void {
  for (const [field, rule] of Object.entries(ANTHROPIC_FIELDS)) {
    if (rule.kind !== 'rejected') continue;
    const value = (req as Record<string, unknown>)[field];
    if (!isNoop(value, rule.noop)) {
      throw invalidRequest(`Parameter '${field}' is not supported by provider 'anthropic' (${rule.why}). Remove it or choose another model.`, field, 'unsupported_parameter');
    }
  }
}

/** Anthropic requires max_tokens: the client's, else the model's documented output limit, else 4096. */
function maxTokens(req: ChatRequest, target: UpstreamTarget): number {
  const { max_tokens: legacy, max_completion_tokens: current } = req;
  if (legacy != null && current != null && legacy !== current) {
    throw invalidRequest('max_tokens and max_completion_tokens disagree; send one of them.', 'max_tokens');
  }
  return current ?? legacy ?? target.model.max_output_tokens ?? DEFAULT_MAX_TOKENS;
}

function hasImage(blocks: ReadonlyArray<string | AnthropicContentBlock[]>): boolean {
  return blocks.some((content) => Array.isArray(content) && content.some((b) => b.type === 'image'));
}

export interface AnthropicRequestPlan {
  body: AnthropicRequestBody;
  /** Name of the forced tool that carries a json_object answer, or null. */
  jsonTool: string | null;
}

export function toAnthropicRequest(req: ChatRequest, target: UpstreamTarget, stream: boolean): AnthropicRequestPlan {
  const model = target.model;
  rejectUnsupported(req);
  const max = maxTokens(req, target);
  const { system, messages } = toAnthropicConversation(req.messages);
  if (!model.capabilities.vision && hasImage(messages.map((m) => m.content))) {
    throw invalidRequest(`Image input is not supported by model '${model.id}'.`, 'messages', 'unsupported_parameter');
  }
  if (req.tools?.length && !model.capabilities.tools) {
    throw invalidRequest(`Tools are not supported by model '${model.id}'.`, 'tools', 'unsupported_parameter');
  }

  const body: AnthropicRequestBody = { model: target.upstreamModel, max_tokens: max, messages };
  if (system.length === 1 && system[0]) body.system = system[0].text;
  else if (system.length > 1) body.system = system;

  if (req.temperature != null) {
    // OpenAI's range is 0-2, Anthropic's 0-1; rescaling would change what the client asked for.
    if (req.temperature > 1) throw invalidRequest("temperature above 1 is not supported by provider 'anthropic' (range 0-1).", 'temperature', 'unsupported_parameter');
    body.temperature = req.temperature;
  }
  if (req.top_p != null) {
    // Claude 4.x models answer 400 "`temperature` and `top_p` cannot both be specified for this
    // model. Please use only one." (e.g. https://github.com/BerriAI/litellm/issues/15097; Bedrock's
    // Claude parameter page documents the same limit). Say so before routing, naming the field.
    if (req.temperature != null) throw invalidRequest("temperature and top_p cannot both be set on provider 'anthropic'; send only one.", 'top_p', 'unsupported_parameter');
    body.top_p = req.top_p;
  }
  if (req.stop != null) body.stop_sequences = typeof req.stop === 'string' ? [req.stop] : req.stop;

  const toolConfig = toAnthropicTools(req);
  const shape = toAnthropicOutputShape(req, model);
  if (toolConfig.tools) body.tools = toolConfig.tools;
  if (toolConfig.tool_choice) body.tool_choice = toolConfig.tool_choice;
  if (shape.output_config) body.output_config = shape.output_config;
  if (shape.jsonTool) {
    body.tools = [shape.jsonTool.tool];
    body.tool_choice = shape.jsonTool.tool_choice;
  }

  const thinking = toAnthropicThinking(req.reasoning_effort, max, model);
  if (thinking) {
    if (thinking.type === 'enabled') checkThinkingCompatibility(req, forcesToolUse(toolConfig.tool_choice), shape.jsonTool !== undefined);
    body.thinking = thinking;
  }

  // Anthropic's metadata.user_id is "an external identifier for the user … to help detect abuse",
  // the meaning of both OpenAI's `user` and its successor `safety_identifier`.
  if (req.user !== undefined && req.safety_identifier !== undefined && req.user !== req.safety_identifier) {
    throw invalidRequest("user and safety_identifier disagree; provider 'anthropic' has one end-user id (metadata.user_id).", 'user');
  }
  const userId = req.safety_identifier ?? req.user;
  if (userId !== undefined) body.metadata = { user_id: userId };

  // https://platform.claude.com/docs/en/api/service-tiers: 'auto' may use priority capacity,
  // 'standard_only' never does — OpenAI's 'auto' and 'default'. Flex/scale/priority have no match.
  if (req.service_tier != null) {
    if (req.service_tier === 'auto') body.service_tier = 'auto';
    else if (req.service_tier === 'default') body.service_tier = 'standard_only';
    else throw invalidRequest(`service_tier '${req.service_tier}' is not supported by provider 'anthropic' (auto or default).`, 'service_tier', 'unsupported_parameter');
  }

  if (stream) body.stream = true;
  return { body, jsonTool: shape.jsonTool ? JSON_OBJECT_TOOL : null };
}
