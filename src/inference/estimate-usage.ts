import type { ChatRequest } from '../openai/chat-request.js';
import type { ChatCompletion, UsageCounts } from '../openai/chat-response.js';

/**
 * Gateway-side token estimate (~4 characters per token) for the rare case the upstream reported
 * no usage (an aborted stream). Receipts say `usage_source: estimated` when this is used.
 */
const approxTokens = (text: string) => Math.ceil([...text].length / 4);

export function estimatePromptTokens(req: ChatRequest): number {
  let total = 0;
  for (const m of req.messages) {
    total += 4;
    const content = 'content' in m ? m.content : null;
    if (typeof content === 'string') total += approxTokens(content);
    else if (Array.isArray(content)) {
      for (const part of content) total += 'text' in part && typeof part.text === 'string' ? approxTokens(part.text) : 85;
    }
  }
  if (req.tools) total += approxTokens(JSON.stringify(req.tools));
  return total;
}

export function estimateUsage(req: ChatRequest, completion: ChatCompletion | null): UsageCounts {
  const prompt = estimatePromptTokens(req);
  let completionTokens = 0;
  for (const choice of completion?.choices ?? []) {
    completionTokens += approxTokens(choice.message.content ?? '') + approxTokens(choice.message.reasoning_content ?? '');
    for (const call of choice.message.tool_calls ?? []) completionTokens += approxTokens(call.function.name + call.function.arguments);
  }
  return { prompt, completion: completionTokens, cached: 0, reasoning: 0, total: prompt + completionTokens };
}
