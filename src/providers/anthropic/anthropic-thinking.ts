import type { CatalogModel } from '../../catalog/catalog.js';
import type { ChatRequest } from '../../openai/chat-request.js';
import { invalidRequest } from '../../openai/errors.js';
import type { AnthropicThinking } from './anthropic-wire.js';

/**
 * reasoning_effort → extended thinking, `thinking: {type: 'enabled', budget_tokens}`
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking). The budget "must be
 * ≥1024 and less than max_tokens"; thinking counts towards max_tokens, as OpenAI's reasoning
 * tokens count towards max_completion_tokens. Our mapping (Anthropic has no effort levels for
 * these models): minimal = the documented minimum; each step up doubles; xhigh = 32,000, the
 * largest budget the docs suggest outside batch processing. A budget that does not fit below
 * max_tokens shrinks to max_tokens - 1. 'none' → thinking disabled.
 */
export const THINKING_BUDGETS: Readonly<Record<'minimal' | 'low' | 'medium' | 'high' | 'xhigh', number>> = {
  minimal: 1024,
  low: 4096,
  medium: 8192,
  high: 16384,
  xhigh: 32000,
};

const MIN_BUDGET = 1024;

export function toAnthropicThinking(effort: ChatRequest['reasoning_effort'], maxTokens: number, model: CatalogModel): AnthropicThinking | undefined {
  if (effort === undefined || effort === null) return undefined;
  if (!model.capabilities.reasoning) {
    if (effort === 'none') return undefined; // asks for nothing the model lacks
    throw invalidRequest(`reasoning_effort is not supported by model '${model.id}'.`, 'reasoning_effort', 'unsupported_parameter');
  }
  if (effort === 'none') return { type: 'disabled' };
  const budget = Math.min(THINKING_BUDGETS[effort], maxTokens - 1);
  if (budget < MIN_BUDGET) {
    throw invalidRequest(`reasoning_effort needs max_tokens above ${MIN_BUDGET} on provider 'anthropic' (the smallest thinking budget is ${MIN_BUDGET} tokens, inside max_tokens).`, 'reasoning_effort');
  }
  return { type: 'enabled', budget_tokens: budget };
}

/**
 * Extended thinking "isn't compatible with temperature or top_k modifications as well as forced
 * tool use"; top_p may be set between 0.95 and 1
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking#feature-compatibility).
 * We answer 400 here rather than let the upstream reject it after routing.
 */
export function checkThinkingCompatibility(req: ChatRequest, forcedTool: boolean, jsonObject: boolean): void {
  if (req.temperature !== undefined && req.temperature !== null && req.temperature !== 1) {
    throw invalidRequest("temperature cannot be set together with reasoning_effort on provider 'anthropic' (extended thinking requires the default temperature).", 'temperature');
  }
  if (req.top_p !== undefined && req.top_p !== null && req.top_p < 0.95) {
    throw invalidRequest("top_p below 0.95 cannot be combined with reasoning_effort on provider 'anthropic'.", 'top_p');
  }
  if (jsonObject) {
    throw invalidRequest("response_format 'json_object' cannot be combined with reasoning_effort on provider 'anthropic' (it needs a forced tool call, which extended thinking does not allow); use json_schema.", 'response_format');
  }
  if (forcedTool) {
    throw invalidRequest("tool_choice 'required' or a named function cannot be combined with reasoning_effort on provider 'anthropic'.", 'tool_choice');
  }
}
