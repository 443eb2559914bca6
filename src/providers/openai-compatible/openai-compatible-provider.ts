import type { ChatRequest } from '../../openai/chat-request.js';
import type { ChatChunk } from '../../openai/chat-response.js';
import { upstreamError } from '../../openai/errors.js';
import { redactSecrets } from '../../observability/redact.js';
import type { SseEvent } from '../../streaming/sse-decoder.js';
import { upstreamEvents } from '../../streaming/upstream-events.js';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';
import { headerValue, readBodyText, sendUpstream, upstreamHttpError, upstreamMessage } from '../upstream-http.js';
import type { OpenAICompatibleRow } from './provider-row.js';
import { normaliseChunk, normaliseCompletion, type NormalisedChunk } from './normalise.js';
import { withRegionHint } from './region-hint.js';
import { translateRequest } from './translate-request.js';

const isDone = (event: SseEvent) => event.data === '[DONE]';

/**
 * One stream event's data → its normalised chunk (null: nothing to relay). A function of its own
 * so the raw JSON is garbage when it returns: a suspended generator keeps its locals alive until
 * the next event (~100 ms at model speed), long enough for the young generation to promote them.
 */
function chunkOf(data: string, provider: string, secrets: ReadonlyArray<string | null>, fallbackModel: string, dialect: OpenAICompatibleRow): NormalisedChunk | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw upstreamError(provider, 'sent a stream event that is not valid JSON', { retryable: false });
  }
  if (json && typeof json === 'object' && 'error' in json) {
    throw upstreamError(provider, `stream failed: ${redactSecrets(upstreamMessage(data), secrets)}`, { retryable: false });
  }
  return normaliseChunk(json, fallbackModel, dialect);
}

/**
 * One adapter for every OpenAI-shaped upstream, configured by a data row (base URL, auth,
 * unsupported and renamed parameters, extra body switches, how stream usage arrives, the response
 * dialect). The body is forwarded field by field (translate-request.ts): nothing is dropped
 * without a 400, nothing is added but what the row says.
 */
export class OpenAICompatibleProvider implements Provider {
  readonly id: string;

  constructor(private readonly row: OpenAICompatibleRow) {
    this.id = row.provider;
  }

  /** Runs the whole translation, so every 400 it can raise is raised before any upstream call. */
  check(req: ChatRequest): void {
    translateRequest(this.row, req);
  }

  buildBody(req: ChatRequest, target: UpstreamTarget, stream: boolean): Record<string, unknown> {
    const body = translateRequest(this.row, req);
    body.model = target.upstreamModel;
    if (stream) {
      body.stream = true;
      // We always need usage to bill a stream; the client's include_usage only decides whether it sees the chunk.
      if (this.row.streamUsage === 'stream_options') body.stream_options = { include_usage: true };
    } else if (body.stream !== undefined) {
      body.stream = false;
    }
    return body;
  }

  private headers(target: UpstreamTarget): Record<string, string> {
    const { header, scheme } = this.row.auth;
    if (!target.apiKey) return {};
    return { [header]: scheme ? `${scheme} ${target.apiKey}` : target.apiKey };
  }

  private url(target: UpstreamTarget): string {
    return `${target.baseUrl.replace(/\/+$/, '')}${this.row.chatPath}`;
  }

  async complete(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderResult> {
    const secrets = [target.apiKey];
    const res = await sendUpstream({
      provider: this.id,
      url: this.url(target),
      headers: this.headers(target),
      body: JSON.stringify(this.buildBody(req, target, false)),
      signal,
      timeoutMs: target.timeoutMs, guarded: target.guarded,
      secrets,
    });
    if (res.statusCode < 200 || res.statusCode >= 300) throw withRegionHint(await upstreamHttpError(this.id, res, secrets, target.timeoutMs), res.statusCode, this.row, target.baseUrl);
    const text = await readBodyText(res.body, this.id, target.timeoutMs);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw upstreamError(this.id, 'returned a response that is not valid JSON', { retryable: true });
    }
    const normalised = normaliseCompletion(json, target.upstreamModel, this.row);
    if (!normalised) {
      // Some upstreams answer 200 with an error envelope.
      throw upstreamError(this.id, redactSecrets(upstreamMessage(text), secrets), { retryable: true });
    }
    return {
      completion: normalised.completion,
      rawFinishReason: normalised.rawFinishReason,
      providerRequestId: headerValue(res.headers, 'x-request-id') ?? (normalised.completion.id || null),
    };
  }

  async stream(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderStream> {
    const secrets = [target.apiKey];
    const res = await sendUpstream({
      provider: this.id,
      url: this.url(target),
      headers: this.headers(target),
      body: JSON.stringify(this.buildBody(req, target, true)),
      signal,
      timeoutMs: target.timeoutMs, guarded: target.guarded,
      secrets,
    });
    if (res.statusCode < 200 || res.statusCode >= 300) throw withRegionHint(await upstreamHttpError(this.id, res, secrets, target.timeoutMs), res.statusCode, this.row, target.baseUrl);
    const contentType = headerValue(res.headers, 'content-type') ?? '';
    if (!contentType.includes('text/event-stream')) {
      const text = await readBodyText(res.body, this.id, target.timeoutMs, 64 * 1024);
      throw upstreamError(this.id, `expected an event stream, got '${contentType || 'no content type'}': ${redactSecrets(upstreamMessage(text), secrets)}`);
    }
    let rawFinish: string | null = null;
    const provider = this.id;
    const fallbackModel = target.upstreamModel;
    const dialect = this.row;
    async function* chunks(): AsyncGenerator<ChatChunk> {
      let sawDone = false;
      let sawFinish = false;
      for await (const event of upstreamEvents(res.body, provider, target.timeoutMs, isDone)) {
        if (event.data === '[DONE]') {
          sawDone = true;
          break;
        }
        if (event.data === '') continue;
        const normalised = chunkOf(event.data, provider, secrets, fallbackModel, dialect);
        if (!normalised) continue;
        if (normalised.rawFinishReason !== null) {
          rawFinish = normalised.rawFinishReason;
          sawFinish = true;
        }
        yield normalised.chunk;
      }
      // A stream that stops without [DONE] and without a finish_reason was cut off.
      if (!sawDone && !sawFinish) throw upstreamError(provider, 'stream ended before the response was complete', { retryable: false });
    }
    return {
      providerRequestId: headerValue(res.headers, 'x-request-id'),
      chunks: chunks(),
      rawFinishReason: () => rawFinish,
    };
  }
}
