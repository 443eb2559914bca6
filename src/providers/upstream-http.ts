import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { GatewayError, invalidRequest, upstreamError, upstreamTimeout } from '../openai/errors.js';
import { redactSecrets } from '../observability/redact.js';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isPrivateAddress } from './ssrf-guard.js';

/**
 * The pooled HTTP client for every upstream call (undici, keep-alive), and the mapping of
 * transport failures and upstream HTTP errors to our error hierarchy.
 */

// Streams hold a connection for their whole length: a low per-origin cap queues stream 257+
// behind whole earlier streams (docs/performance.md, slow-streams-2000), so the cap sits well
// above any concurrency one replica can serve.
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: 8192, pipelining: 1 });

/**
 * For tenant-supplied upstreams: the address is checked when the socket connects, after DNS, so a
 * hostname that re-resolves to a private address (DNS rebinding) is refused too.
 */
const guardedAgent = new Agent({
  keepAliveTimeout: 30_000,
  connections: 1024,
  connect: {
    lookup(hostname, options, callback) {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        const list = addresses as unknown as LookupAddress[];
        const safe = list.filter((a) => !isPrivateAddress(a.address));
        if (safe.length === 0) return callback(Object.assign(new Error(`refusing to connect to a private address for ${hostname}`), { code: 'EPRIVATEADDR' }), '', 0);
        if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, safe);
        const first = safe[0] as LookupAddress;
        callback(null, first.address, first.family);
      });
    },
  },
});

/** Largest upstream body we will buffer for a non-streaming answer (a hostile upstream cannot exhaust memory). */
export const MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;

export interface UpstreamRequest {
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** Secrets to scrub from any upstream text we pass on. */
  secrets: ReadonlyArray<string | null>;
  /** Connect only to public addresses (tenant-supplied base URLs). */
  guarded?: boolean;
}

export async function sendUpstream(req: UpstreamRequest): Promise<Dispatcher.ResponseData> {
  try {
    return await request(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...req.headers },
      body: req.body,
      signal: req.signal,
      dispatcher: req.guarded ? guardedAgent : agent,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
  } catch (err) {
    throw transportError(req.provider, err, req.timeoutMs);
  }
}

export function transportError(provider: string, err: unknown, timeoutMs: number): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return upstreamTimeout(provider, timeoutMs);
  }
  if (err instanceof undiciErrors.RequestAbortedError || (err as Error)?.name === 'AbortError') {
    return new GatewayError({ status: 499, type: 'api_error', code: 'client_closed_request', message: 'The client closed the request.', provider, cause: err });
  }
  const code = (err as { code?: string })?.code;
  const detail = code ? `connection failed (${code})` : 'connection failed';
  return upstreamError(provider, detail, { retryable: true, cause: err });
}

/** Reads a body to text, refusing to buffer more than the limit. */
export async function readBodyText(body: Dispatcher.ResponseData['body'], provider: string, timeoutMs: number, limit = MAX_UPSTREAM_BODY_BYTES): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limit) {
        body.destroy();
        throw upstreamError(provider, `response body exceeds ${limit} bytes`, { retryable: false });
      }
      parts.push(buf);
    }
  } catch (err) {
    throw transportError(provider, err, timeoutMs);
  }
  return Buffer.concat(parts).toString('utf8');
}

function retryAfterSeconds(headers: Dispatcher.ResponseData['headers']): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The upstream's own error message, whatever envelope it uses (OpenAI, Anthropic, Gemini, plain text). */
export function upstreamMessage(text: string): string {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = json.error as Record<string, unknown> | string | undefined;
    if (typeof error === 'string') return error;
    if (error && typeof error.message === 'string') return error.message;
    if (typeof json.message === 'string') return json.message;
    if (typeof json.msg === 'string') return json.msg;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 500) || '(empty body)';
}

/**
 * A non-2xx upstream answer → our error. The client's own mistakes (400/404/413/422 from the
 * upstream) stay 4xx so SDKs do not retry them; credentials problems on our side are 502 (not the
 * caller's fault); throttling stays 429 with retry-after; everything else is 502.
 */
export async function upstreamHttpError(provider: string, res: Dispatcher.ResponseData, secrets: ReadonlyArray<string | null>, timeoutMs: number): Promise<GatewayError> {
  let text = '';
  try {
    text = await readBodyText(res.body, provider, timeoutMs, 64 * 1024);
  } catch {
    text = '';
  }
  const message = redactSecrets(upstreamMessage(text), secrets);
  const status = res.statusCode;
  const retryAfter = retryAfterSeconds(res.headers);
  if (status === 429) {
    return new GatewayError({
      status: 429,
      type: 'rate_limit_error',
      code: 'rate_limit_exceeded',
      message: `${provider}: ${message}`,
      provider,
      retryable: true,
      retryAfterSeconds: retryAfter ?? 1,
    });
  }
  if (status === 400 || status === 404 || status === 413 || status === 422) {
    const err = invalidRequest(`${provider} rejected the request: ${message}`, null, 'upstream_invalid_request');
    return new GatewayError({ status: err.status, type: err.type, code: err.code, message: err.message, provider, retryable: false });
  }
  if (status === 401 || status === 403) {
    return upstreamError(provider, `authentication with the provider failed (HTTP ${status}): ${message}`, { retryable: true });
  }
  if (status === 408 || status === 504) return upstreamError(provider, `HTTP ${status}: ${message}`, { status: 504, retryable: true });
  return upstreamError(provider, `HTTP ${status}: ${message}`, { retryable: status >= 500, ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }) });
}

export function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | null {
  const raw = headers[name];
  return (Array.isArray(raw) ? raw[0] : raw) ?? null;
}
