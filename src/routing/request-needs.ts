import type { ChatRequest } from '../openai/chat-request.js';
import { estimatePromptTokens } from '../inference/estimate-usage.js';

/** What a request requires of a model (capabilities and context), derived from its body. */
export interface RequestNeeds {
  tools: boolean;
  jsonSchema: boolean;
  jsonObject: boolean;
  vision: boolean;
  streaming: boolean;
  /** Estimated prompt tokens + requested output tokens. */
  contextTokens: number;
  promptTokens: number;
  outputTokens: number;
}

export function needsOf(req: ChatRequest, expectedOutputTokens = 512): RequestNeeds {
  const vision = req.messages.some((m) => m.role === 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
  const promptTokens = estimatePromptTokens(req);
  const outputTokens = req.max_completion_tokens ?? req.max_tokens ?? expectedOutputTokens;
  return {
    tools: (req.tools?.length ?? 0) > 0 || (req.functions?.length ?? 0) > 0,
    jsonSchema: req.response_format?.type === 'json_schema',
    jsonObject: req.response_format?.type === 'json_object',
    vision,
    streaming: req.stream === true,
    promptTokens,
    outputTokens,
    contextTokens: promptTokens + outputTokens,
  };
}
