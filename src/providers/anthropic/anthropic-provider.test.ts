import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockUpstream, type MockReply } from '../../../test/support/mock-upstream.js';
import { Catalog } from '../../catalog/catalog.js';
import type { ChatRequest } from '../../openai/chat-request.js';
import type { ChatChunk } from '../../openai/chat-response.js';
import { GatewayError } from '../../openai/errors.js';
import type { UpstreamTarget } from '../provider.js';
import { AnthropicProvider } from './anthropic-provider.js';

/** The adapter over real HTTP against a loopback mock replaying test/fixtures/anthropic. */

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/anthropic/${name}`, import.meta.url), 'utf8');
/** A recorded SSE body split into one write per event, as the API sends it. */
const sseEvents = (name: string) => fixture(name).split(/(?<=\n\n)/).filter((e) => e.trim() !== '');

const KEY = 'sk-ant-api03-provider-test-key-000000';
const model = Catalog.loadDefault().resolve('claude-sonnet-4-5');
if (!model) throw new Error('test setup: catalog has no claude-sonnet-4-5');

let mock: MockUpstream;
let reply: MockReply = { kind: 'json', body: {} };
let target: UpstreamTarget;
const provider = new AnthropicProvider();
const req: ChatRequest = { model: 'claude-sonnet-4-5', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], temperature: 0.2, max_completion_tokens: 64 };

beforeAll(async () => {
  mock = new MockUpstream(() => reply);
  const url = await mock.start();
  target = { model: model!, upstreamModel: model!.upstream_model, baseUrl: `${url}/`, apiKey: KEY, billingBasis: 'platform', timeoutMs: 5000, guarded: false };
});
afterAll(async () => mock?.stop());
beforeEach(() => {
  mock.requests.length = 0;
});

async function collect(chunks: AsyncIterable<ChatChunk>): Promise<{ chunks: ChatChunk[]; error: unknown }> {
  const out: ChatChunk[] = [];
  try {
    for await (const c of chunks) out.push(c);
  } catch (error) {
    return { chunks: out, error };
  }
  return { chunks: out, error: null };
}

describe('AnthropicProvider', () => {
  it('complete: POST {base}/v1/messages with x-api-key and anthropic-version; message.json → completion', async () => {
    reply = { kind: 'json', body: JSON.parse(fixture('message.json')), headers: { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy' } };
    const result = await provider.complete(req, target, new AbortController().signal);
    const sent = mock.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    const { stream: _stream, ...expectedBody } = JSON.parse(fixture('expected-request.json')) as Record<string, unknown>;
    expect(sent.json).toEqual(expectedBody);
    expect(result.providerRequestId).toBe('req_011CSHoEeqs5C35K2UUqR7Fy');
    expect(result.rawFinishReason).toBe('end_turn');
    expect(result.completion.choices[0]?.message.content).toBe('Hello! How can I help?');
    expect(result.completion.usage).toMatchObject({ prompt_tokens: 3860, completion_tokens: 45, prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 2048 }, completion_tokens_details: { reasoning_tokens: 30 } });
  });

  it('stream: stream.sse → role, reasoning, content, finish and usage chunks', async () => {
    reply = { kind: 'sse', events: sseEvents('stream.sse'), headers: { 'request-id': 'req_stream' } };
    const s = await provider.stream({ ...req, stream: true }, target, new AbortController().signal);
    expect(mock.requests[0]!.json).toEqual(JSON.parse(fixture('expected-request.json')));
    const { chunks, error } = await collect(s.chunks);
    expect(error).toBeNull();
    expect(s.providerRequestId).toBe('req_stream');
    expect(s.rawFinishReason()).toBe('end_turn');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello! How can I help?');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 3860, completion_tokens: 45 });
  });

  it('stream: an error event mid-stream throws after the chunks before it', async () => {
    reply = { kind: 'sse', events: sseEvents('error-stream.sse') };
    const s = await provider.stream({ ...req, stream: true }, target, new AbortController().signal);
    const { chunks, error } = await collect(s.chunks);
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Once upon']);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 502, retryable: false, message: 'anthropic: stream failed: overloaded_error: Overloaded' });
  });

  it('stream: a body that ends without message_stop is truncated', async () => {
    reply = { kind: 'sse', events: sseEvents('truncated-stream.sse') };
    const s = await provider.stream({ ...req, stream: true }, target, new AbortController().signal);
    const { error } = await collect(s.chunks);
    expect(error).toMatchObject({ code: 'upstream_error', retryable: false });
    expect(s.rawFinishReason()).toBe('end_turn');
  });

  it('stream: a connection cut mid-stream is an error', async () => {
    reply = { kind: 'sse', events: sseEvents('stream.sse'), cutAfter: 4 };
    const s = await provider.stream({ ...req, stream: true }, target, new AbortController().signal);
    const { error } = await collect(s.chunks);
    expect(error).toBeInstanceOf(GatewayError);
  });

  it('HTTP errors map through upstreamHttpError: 529 overloaded → 502 retryable, key never shown', async () => {
    reply = { kind: 'json', status: 529, body: JSON.parse(fixture('error.json')) };
    const err = await provider.complete(req, target, new AbortController().signal).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: 'upstream_error', retryable: true, message: 'anthropic: HTTP 529: Overloaded' });
    reply = { kind: 'json', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: `max_tokens: too large (key ${KEY})` } } };
    const bad = (await provider.stream({ ...req, stream: true }, target, new AbortController().signal).catch((e: unknown) => e)) as GatewayError;
    expect(bad).toMatchObject({ status: 400, code: 'upstream_invalid_request' });
    expect(bad.message).not.toContain(KEY);
  });

  it('a 200 that is not a message, or not an event stream, is an upstream error', async () => {
    reply = { kind: 'json', body: JSON.parse(fixture('error.json')) };
    await expect(provider.complete(req, target, new AbortController().signal)).rejects.toMatchObject({ code: 'upstream_error', message: 'anthropic: Overloaded' });
    reply = { kind: 'json', body: JSON.parse(fixture('message.json')) };
    await expect(provider.stream({ ...req, stream: true }, target, new AbortController().signal)).rejects.toMatchObject({ code: 'upstream_error' });
  });

  it('check() rejects before any request is sent', () => {
    expect(() => provider.check({ ...req, n: 3 }, target)).toThrow(expect.objectContaining({ status: 400, param: 'n' }));
    expect(mock.requests).toHaveLength(0);
  });
});
