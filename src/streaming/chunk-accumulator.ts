import type { AssistantMessage, ChatChunk, ChatCompletion, FinishReason, ToolCall, Usage } from '../openai/chat-response.js';

/**
 * Folds a stream of OpenAI chunks into the ChatCompletion it describes. Used to check that a
 * stream completed (and what it said) before it may be cached, and to replay a stream as JSON.
 */

interface ChoiceState {
  content: string[];
  reasoning: string[];
  refusal: string[];
  hasContent: boolean;
  tools: Map<number, { id: string; name: string; args: string[] }>;
  finish: FinishReason | null;
  logprobs: unknown[];
}

export class ChunkAccumulator {
  private id = '';
  private created = 0;
  private model = '';
  private systemFingerprint: string | null | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  usage: Usage | null = null;
  chunkCount = 0;

  push(chunk: ChatChunk): void {
    this.chunkCount++;
    if (!this.id && chunk.id) this.id = chunk.id;
    if (!this.created && chunk.created) this.created = chunk.created;
    if (!this.model && chunk.model) this.model = chunk.model;
    if (chunk.system_fingerprint !== undefined) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const state = this.state(choice.index);
      const d = choice.delta ?? {};
      if (typeof d.content === 'string') {
        state.content.push(d.content);
        state.hasContent = true;
      }
      if (typeof d.reasoning_content === 'string') state.reasoning.push(d.reasoning_content);
      if (typeof d.refusal === 'string') state.refusal.push(d.refusal);
      for (const tc of d.tool_calls ?? []) {
        let t = state.tools.get(tc.index);
        if (!t) {
          t = { id: '', name: '', args: [] };
          state.tools.set(tc.index, t);
        }
        if (tc.id) t.id = tc.id;
        if (tc.function?.name) t.name += tc.function.name;
        if (tc.function?.arguments) t.args.push(tc.function.arguments);
      }
      if (choice.logprobs) state.logprobs.push(choice.logprobs);
      if (choice.finish_reason) state.finish = choice.finish_reason;
    }
  }

  /** True when every choice seen has a finish_reason. */
  get finished(): boolean {
    if (this.choices.size === 0) return false;
    for (const c of this.choices.values()) if (!c.finish) return false;
    return true;
  }

  finishReasons(): Array<FinishReason | null> {
    return [...this.choices.entries()].sort(([a], [b]) => a - b).map(([, c]) => c.finish);
  }

  toCompletion(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => {
        const message: AssistantMessage = { role: 'assistant', content: c.hasContent ? c.content.join('') : null, refusal: c.refusal.length ? c.refusal.join('') : null };
        if (c.reasoning.length) message.reasoning_content = c.reasoning.join('');
        if (c.tools.size) {
          message.tool_calls = [...c.tools.entries()]
            .sort(([a], [b]) => a - b)
            .map(([, t]): ToolCall => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.args.join('') } }));
        }
        return { index, message, finish_reason: c.finish, logprobs: mergeLogprobs(c.logprobs) };
      });
    const completion: ChatCompletion = { id: this.id, object: 'chat.completion', created: this.created, model: this.model, choices };
    if (this.usage) completion.usage = this.usage;
    if (this.systemFingerprint !== undefined) completion.system_fingerprint = this.systemFingerprint;
    return completion;
  }

  private state(index: number): ChoiceState {
    let s = this.choices.get(index);
    if (!s) {
      s = { content: [], reasoning: [], refusal: [], hasContent: false, tools: new Map(), finish: null, logprobs: [] };
      this.choices.set(index, s);
    }
    return s;
  }
}

function mergeLogprobs(parts: unknown[]): unknown {
  if (parts.length === 0) return null;
  const content: unknown[] = [];
  for (const p of parts) {
    const c = (p as { content?: unknown[] } | null)?.content;
    if (Array.isArray(c)) content.push(...c);
  }
  return { content, refusal: null };
}
