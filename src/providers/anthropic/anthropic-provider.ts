import type { ChatRequest } from '../../openai/chat-request.js';
import type { ChatChunk } from '../../openai/chat-response.js';
import { upstreamError } from '../../openai/errors.js';
import { redactSecrets } from '../../observability/redact.js';
import type { SseEvent } from '../../streaming/sse-decoder.js';
import { upstreamEvents } from '../../streaming/upstream-events.js';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';
import { headerValue, readBodyText, sendUpstream, upstreamHttpError, upstreamMessage } from '../upstream-http.js';
import { toAnthropicRequest } from './anthropic-request.js';
import { toChatCompletion } from './anthropic-response.js';
import { AnthropicStreamTranslator } from './anthropic-stream.js';

/**
 * Anthropic Messages API adapter: POST {base}/v1/messages, JSON and SSE
 * (https://platform.claude.com/docs/en/api/messages). Translation lives in the files beside this
 * one; this class only does HTTP.
 */

/**
 * The API version header. Anthropic documents one current version, 2023-06-01
 * (https://platform.claude.com/docs/en/api/versioning), and the official TypeScript SDK sends
 * exactly that on every request (anthropic-sdk-typescript src/client.ts, buildHeaders). A later
 * value such as "2026-10-21" appears in no Anthropic doc or SDK source we could find; newer
 * features (structured outputs, thinking, usage details) are additive under 2023-06-01.
 */
export const ANTHROPIC_VERSION = '2023-06-01';

/** The event after which an Anthropic stream is over (https://platform.claude.com/docs/en/build-with-claude/streaming). */
const isMessageStop = (event: SseEvent) => event.event === 'message_stop';

export class AnthropicProvider implements Provider {
  readonly id = 'anthropic';
  static readonly defaultBaseUrl = 'https://api.anthropic.com';

  /** The translation itself is the check: whatever it rejects is a 400 naming the parameter. */
  check(req: ChatRequest, target: UpstreamTarget): void {
    toAnthropicRequest(req, target, false);
  }

  private headers(target: UpstreamTarget): Record<string, string> {
    // API keys go in x-api-key (the SDK's apiKeyAuth); Authorization: Bearer is for OAuth tokens.
    const auth: Record<string, string> = target.apiKey ? { 'x-api-key': target.apiKey } : {};
    return { ...auth, 'anthropic-version': ANTHROPIC_VERSION };
  }

  private url(target: UpstreamTarget): string {
    return `${target.baseUrl.replace(/\/+$/, '')}/v1/messages`;
  }

  async complete(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderResult> {
    const plan = toAnthropicRequest(req, target, false);
    const secrets = [target.apiKey];
    const res = await sendUpstream({ provider: this.id, url: this.url(target), headers: this.headers(target), body: JSON.stringify(plan.body), signal, timeoutMs: target.timeoutMs, guarded: target.guarded, secrets });
    if (res.statusCode < 200 || res.statusCode >= 300) throw await upstreamHttpError(this.id, res, secrets, target.timeoutMs);
    const text = await readBodyText(res.body, this.id, target.timeoutMs);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw upstreamError(this.id, 'returned a response that is not valid JSON', { retryable: true });
    }
    const result = toChatCompletion(json, { fallbackModel: target.upstreamModel, jsonTool: plan.jsonTool });
    if (!result) throw upstreamError(this.id, redactSecrets(upstreamMessage(text), secrets), { retryable: true });
    return {
      completion: result.completion,
      rawFinishReason: result.rawFinishReason,
      providerRequestId: headerValue(res.headers, 'request-id') ?? (result.completion.id || null),
    };
  }

  async stream(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderStream> {
    const plan = toAnthropicRequest(req, target, true);
    const secrets = [target.apiKey];
    const res = await sendUpstream({ provider: this.id, url: this.url(target), headers: this.headers(target), body: JSON.stringify(plan.body), signal, timeoutMs: target.timeoutMs, guarded: target.guarded, secrets });
    if (res.statusCode < 200 || res.statusCode >= 300) throw await upstreamHttpError(this.id, res, secrets, target.timeoutMs);
    const contentType = headerValue(res.headers, 'content-type') ?? '';
    if (!contentType.includes('text/event-stream')) {
      const text = await readBodyText(res.body, this.id, target.timeoutMs, 64 * 1024);
      throw upstreamError(this.id, `expected an event stream, got '${contentType || 'no content type'}': ${redactSecrets(upstreamMessage(text), secrets)}`);
    }
    const translator = new AnthropicStreamTranslator({ provider: this.id, fallbackModel: target.upstreamModel, jsonTool: plan.jsonTool, secrets });
    const provider = this.id;
    async function* chunks(): AsyncGenerator<ChatChunk> {
      for await (const event of upstreamEvents(res.body, provider, target.timeoutMs, isMessageStop)) {
        yield* translator.push(event);
        if (translator.done) break;
      }
      translator.finish();
    }
    return {
      providerRequestId: headerValue(res.headers, 'request-id'),
      chunks: chunks(),
      rawFinishReason: () => translator.rawFinishReason,
    };
  }
}
