import type { ChatChunk, ChunkChoice, ChunkDelta, FinishReason } from '../../openai/chat-response.js';
import { upstreamError } from '../../openai/errors.js';
import { redactSecrets } from '../../observability/redact.js';
import type { SseEvent } from '../../streaming/sse-decoder.js';
import { normaliseAnthropicStopReason } from './anthropic-finish-reason.js';
import { mergeStreamUsage, toOpenAIUsage } from './anthropic-usage.js';
import { isObject, num, str, type Json } from './anthropic-wire.js';

/**
 * Anthropic SSE events → OpenAI chunks (https://platform.claude.com/docs/en/build-with-claude/streaming).
 * The flow is message_start, then per content block content_block_start / _delta… / _stop, then
 * message_delta (stop_reason, cumulative usage) and message_stop; `ping` may appear anywhere and
 * `error` replaces the rest. New event types may be added (API versioning policy), so unknown
 * events are skipped.
 *
 * Out: a role chunk first; text_delta → content; thinking_delta → reasoning_content; a tool_use
 * start → a tool_calls delta with id and name, input_json_delta → argument deltas (index = the
 * call's position among tool calls); at message_stop a finish chunk, then a usage chunk
 * (choices: []).
 */

type BlockState = { kind: 'text' | 'thinking' | 'other' } | { kind: 'tool'; toolIndex: number; sawArgs: boolean } | { kind: 'json' };

export interface StreamContext {
  provider: string;
  fallbackModel: string;
  /** The forced json_object tool, whose input is streamed as content. */
  jsonTool: string | null;
  secrets: ReadonlyArray<string | null>;
  created?: number;
}

export class AnthropicStreamTranslator {
  private id = '';
  private model: string;
  private readonly created: number;
  private readonly blocks = new Map<number, BlockState>();
  private toolCount = 0;
  private jsonAnswered = false;
  private startUsage: Json | null = null;
  private deltaUsage: Json | null = null;
  rawFinishReason: string | null = null;
  /** True once message_stop arrived: the answer is complete. */
  done = false;

  constructor(private readonly ctx: StreamContext) {
    this.model = ctx.fallbackModel;
    this.created = ctx.created ?? Math.floor(Date.now() / 1000);
  }

  /** One SSE event in, the chunks it completes out. Throws a GatewayError on an `error` event. */
  push(event: SseEvent): ChatChunk[] {
    if (event.data === '') return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      throw upstreamError(this.ctx.provider, 'sent a stream event that is not valid JSON', { retryable: false });
    }
    if (!isObject(data)) return [];
    const type = str(data.type) ?? event.event;
    switch (type) {
      case 'message_start':
        return this.onMessageStart(data);
      case 'content_block_start':
        return this.onBlockStart(data);
      case 'content_block_delta':
        return this.onBlockDelta(data);
      case 'content_block_stop':
        return this.onBlockStop(data);
      case 'message_delta':
        this.onMessageDelta(data);
        return [];
      case 'message_stop':
        return this.onMessageStop();
      case 'error':
        throw this.streamError(data);
      default:
        return []; // ping, and event types added after this adapter was written
    }
  }

  private chunk(delta: ChunkDelta, finish: FinishReason | null = null): ChatChunk {
    const choice: ChunkChoice = { index: 0, delta, finish_reason: finish };
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [choice] };
  }

  private onMessageStart(data: Json): ChatChunk[] {
    const message = isObject(data.message) ? data.message : {};
    this.id = str(message.id) ?? this.id;
    this.model = str(message.model) ?? this.model;
    if (isObject(message.usage)) this.startUsage = message.usage;
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  private onBlockStart(data: Json): ChatChunk[] {
    const index = num(data.index) ?? this.blocks.size;
    const block = isObject(data.content_block) ? data.content_block : {};
    switch (block.type) {
      case 'text': {
        this.blocks.set(index, { kind: 'text' });
        const text = str(block.text) ?? '';
        return text ? [this.chunk({ content: text })] : [];
      }
      case 'thinking': {
        this.blocks.set(index, { kind: 'thinking' });
        const thinking = str(block.thinking) ?? '';
        return thinking ? [this.chunk({ reasoning_content: thinking })] : [];
      }
      case 'tool_use': {
        if (this.ctx.jsonTool !== null && block.name === this.ctx.jsonTool) {
          this.blocks.set(index, { kind: 'json' });
          return [];
        }
        const toolIndex = this.toolCount++;
        this.blocks.set(index, { kind: 'tool', toolIndex, sawArgs: false });
        return [this.chunk({ tool_calls: [{ index: toolIndex, id: str(block.id) ?? '', type: 'function', function: { name: str(block.name) ?? '', arguments: '' } }] })];
      }
      default:
        // redacted_thinking (encrypted, nothing to show) and server-tool blocks (never requested).
        this.blocks.set(index, { kind: 'other' });
        return [];
    }
  }

  private onBlockDelta(data: Json): ChatChunk[] {
    const state = this.blocks.get(num(data.index) ?? -1);
    const delta = isObject(data.delta) ? data.delta : {};
    switch (delta.type) {
      case 'text_delta': {
        const text = str(delta.text) ?? '';
        return text ? [this.chunk({ content: text })] : [];
      }
      case 'thinking_delta': {
        const thinking = str(delta.thinking) ?? '';
        return thinking ? [this.chunk({ reasoning_content: thinking })] : [];
      }
      case 'input_json_delta': {
        const partial = str(delta.partial_json) ?? '';
        if (!partial || !state) return [];
        if (state.kind === 'json') {
          this.jsonAnswered = true;
          return [this.chunk({ content: partial })];
        }
        if (state.kind !== 'tool') return [];
        state.sawArgs = true;
        return [this.chunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: partial } }] })];
      }
      default:
        // signature_delta (opaque, only meaningful when replaying a thinking block to Anthropic)
        // and citations_delta (citations need documents with citations enabled, never sent).
        return [];
    }
  }

  private onBlockStop(data: Json): ChatChunk[] {
    const state = this.blocks.get(num(data.index) ?? -1);
    // A tool called with no input streams no input_json_delta; its arguments are still an object.
    if (state?.kind === 'tool' && !state.sawArgs) {
      state.sawArgs = true;
      return [this.chunk({ tool_calls: [{ index: state.toolIndex, function: { arguments: '{}' } }] })];
    }
    if (state?.kind === 'json' && !this.jsonAnswered) {
      this.jsonAnswered = true;
      return [this.chunk({ content: '{}' })];
    }
    return [];
  }

  private onMessageDelta(data: Json): void {
    const delta = isObject(data.delta) ? data.delta : {};
    const reason = str(delta.stop_reason);
    if (reason) this.rawFinishReason = reason;
    if (isObject(data.usage)) this.deltaUsage = data.usage;
  }

  private onMessageStop(): ChatChunk[] {
    this.done = true;
    const jsonDone = this.jsonAnswered && this.rawFinishReason === 'tool_use';
    // A message_stop without a stop_reason is complete but unexplained: 'other', never 'stop'.
    const finish = jsonDone ? 'stop' : (normaliseAnthropicStopReason(this.rawFinishReason) ?? 'other');
    const out = [this.chunk({}, finish)];
    const usage = mergeStreamUsage(this.startUsage, this.deltaUsage);
    if (usage) out.push({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: toOpenAIUsage(usage) });
    return out;
  }

  private streamError(data: Json) {
    const error = isObject(data.error) ? data.error : {};
    const kind = str(error.type);
    const message = str(error.message) ?? 'unknown error';
    const text = redactSecrets(kind ? `${kind}: ${message}` : message, this.ctx.secrets);
    return upstreamError(this.ctx.provider, `stream failed: ${text}`, { retryable: false });
  }

  /** End of the byte stream: without message_stop the answer was cut off. */
  finish(): void {
    if (!this.done) throw upstreamError(this.ctx.provider, 'stream ended before message_stop (truncated response)', { retryable: false });
  }
}
