import type { ChatRequest } from '../../openai/chat-request.js';
import type { ChatChunk } from '../../openai/chat-response.js';
import { upstreamError } from '../../openai/errors.js';
import { redactSecrets } from '../../observability/redact.js';
import { upstreamEvents } from '../../streaming/upstream-events.js';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';
import { headerValue, readBodyText, sendUpstream, upstreamHttpError, upstreamMessage } from '../upstream-http.js';
import { buildGeminiRequest } from './gemini-request.js';
import { toChatCompletion } from './gemini-response.js';
import { GeminiStreamTranslator } from './gemini-stream.js';
import { isObject, readGenerateContentResponse } from './gemini-wire.js';

/**
 * Gemini API adapter: `POST {base}/v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`, key in `x-goog-api-key`
 * (https://ai.google.dev/api/generate-content). Translation lives in the files beside this one;
 * this class only moves bytes.
 *
 * Why v1beta: the features we translate to — `responseJsonSchema`, `parametersJsonSchema`,
 * `thinkingConfig`, thought signatures, logprobs — are documented with v1beta REST examples, and
 * v1beta is the default of Google's own SDK (`GOOGLE_AI_API_DEFAULT_VERSION = 'v1beta'` in
 * googleapis/js-genai src/_api_client.ts, through SDK 2.28). v1 is the stable subset
 * (https://ai.google.dev/gemini-api/docs/api-versions) and lags on these fields. A base URL that
 * already ends in a version (…/v1, …/v1beta) is used as given.
 */

const VERSIONED = /\/v1(?:alpha|beta)?$/;

export class GeminiProvider implements Provider {
  readonly id = 'gemini';
  static readonly defaultBaseUrl = 'https://generativelanguage.googleapis.com';

  check(req: ChatRequest, target: UpstreamTarget): void {
    this.body(req, target);
  }

  private body(req: ChatRequest, target: UpstreamTarget): string {
    return JSON.stringify(buildGeminiRequest(req, { upstreamModel: target.upstreamModel, reasoningModel: target.model.capabilities.reasoning }));
  }

  private url(target: UpstreamTarget, stream: boolean): string {
    const base = target.baseUrl.replace(/\/+$/, '');
    const root = VERSIONED.test(base) ? base : `${base}/v1beta`;
    const model = target.upstreamModel.replace(/^models\//, '');
    return `${root}/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
  }

  private headers(target: UpstreamTarget): Record<string, string> {
    return target.apiKey ? { 'x-goog-api-key': target.apiKey } : {};
  }

  async complete(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderResult> {
    const secrets = [target.apiKey];
    const res = await sendUpstream({ provider: this.id, url: this.url(target, false), headers: this.headers(target), body: this.body(req, target), signal, timeoutMs: target.timeoutMs, guarded: target.guarded, secrets });
    if (res.statusCode < 200 || res.statusCode >= 300) throw await upstreamHttpError(this.id, res, secrets, target.timeoutMs);
    const text = await readBodyText(res.body, this.id, target.timeoutMs);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw upstreamError(this.id, 'returned a response that is not valid JSON', { retryable: true });
    }
    const parsed = readGenerateContentResponse(json);
    const result = parsed && toChatCompletion(parsed, { fallbackModel: target.upstreamModel, created: Math.floor(Date.now() / 1000) });
    if (!parsed || !result) {
      const detail = isObject(json) && 'error' in json ? redactSecrets(upstreamMessage(text), secrets) : 'returned no candidates and no block reason';
      throw upstreamError(this.id, detail, { retryable: true });
    }
    return {
      completion: result.completion,
      rawFinishReason: result.rawFinishReason,
      providerRequestId: parsed.responseId ?? headerValue(res.headers, 'x-request-id'),
    };
  }

  async stream(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderStream> {
    const secrets = [target.apiKey];
    const res = await sendUpstream({ provider: this.id, url: this.url(target, true), headers: this.headers(target), body: this.body(req, target), signal, timeoutMs: target.timeoutMs, guarded: target.guarded, secrets });
    if (res.statusCode < 200 || res.statusCode >= 300) throw await upstreamHttpError(this.id, res, secrets, target.timeoutMs);
    const contentType = headerValue(res.headers, 'content-type') ?? '';
    if (!contentType.includes('text/event-stream')) {
      const text = await readBodyText(res.body, this.id, target.timeoutMs, 64 * 1024);
      throw upstreamError(this.id, `expected an event stream, got '${contentType || 'no content type'}': ${redactSecrets(upstreamMessage(text), secrets)}`);
    }
    const provider = this.id;
    const translator = new GeminiStreamTranslator(provider, target.upstreamModel, Math.floor(Date.now() / 1000));
    async function* chunks(): AsyncGenerator<ChatChunk> {
      for await (const event of upstreamEvents(res.body, provider, target.timeoutMs)) {
        if (event.data === '') continue;
        let json: unknown;
        try {
          json = JSON.parse(event.data);
        } catch {
          throw upstreamError(provider, 'sent a stream event that is not valid JSON', { retryable: false });
        }
        if (isObject(json) && 'error' in json) {
          throw upstreamError(provider, `stream failed: ${redactSecrets(upstreamMessage(event.data), secrets)}`, { retryable: false });
        }
        const parsed = readGenerateContentResponse(json);
        if (parsed) yield* translator.push(parsed);
      }
      yield* translator.end();
    }
    return {
      providerRequestId: headerValue(res.headers, 'x-request-id'),
      chunks: chunks(),
      rawFinishReason: () => translator.rawFinishReason,
    };
  }
}
