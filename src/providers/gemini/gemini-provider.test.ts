import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockUpstream, type MockReply } from '../../../test/support/mock-upstream.js';
import type { CatalogModel } from '../../catalog/catalog.js';
import { chatRequestSchema } from '../../openai/chat-request.js';
import type { ChatChunk } from '../../openai/chat-response.js';
import { GatewayError } from '../../openai/errors.js';
import type { UpstreamTarget } from '../provider.js';
import { GeminiProvider } from './gemini-provider.js';

const raw = (name: string) => readFileSync(new URL(`../../../test/fixtures/gemini/${name}`, import.meta.url), 'utf8');
const sseEvents = (name: string) => raw(name).split('\r\n\r\n').filter(Boolean).map((e) => `${e}\r\n\r\n`);

const API_KEY = 'AIzaSyTest-gemini-key-0123456789abcdef';
const provider = new GeminiProvider();
let mock: MockUpstream;
let baseUrl: string;
let reply: MockReply = { kind: 'json', body: {} };

function target(over: Partial<UpstreamTarget> = {}): UpstreamTarget {
  return {
    model: { capabilities: { reasoning: true } } as CatalogModel,
    upstreamModel: 'gemini-2.5-flash',
    baseUrl,
    apiKey: API_KEY,
    billingBasis: 'platform',
    timeoutMs: 5_000,
    guarded: false,
    ...over,
  };
}

const req = (extra: Record<string, unknown> = {}) => chatRequestSchema.parse({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], ...extra });
const signal = () => new AbortController().signal;

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(err)}`);
  return err;
}

async function collect(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

beforeAll(async () => {
  mock = new MockUpstream(() => reply);
  baseUrl = await mock.start();
});
afterAll(async () => mock.stop());
beforeEach(() => {
  mock.requests.length = 0;
});

describe('GeminiProvider', () => {
  it('POSTs generateContent on v1beta with x-goog-api-key and a Gemini body', async () => {
    reply = { kind: 'json', body: JSON.parse(raw('chat.json')) };
    const result = await provider.complete(req({ temperature: 0.3 }), target(), signal());
    expect(result.completion.choices[0]?.message.content).toBe('Namaste! How can I help?');
    expect(result.rawFinishReason).toBe('STOP');
    expect(result.providerRequestId).toBe('mVQ0aPv3Ir2nz7IPxNqJmQg');
    const sent = mock.requests[0]!;
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe(API_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { temperature: 0.3, thinkingConfig: { includeThoughts: true } } });
  });

  it('keeps a version already in the base URL', async () => {
    reply = { kind: 'json', body: JSON.parse(raw('chat.json')) };
    await provider.complete(req(), target({ baseUrl: `${baseUrl}/v1/` }), signal());
    expect(mock.requests[0]!.path).toBe('/v1/models/gemini-2.5-flash:generateContent');
  });

  it("maps Google's error envelope: 400 stays a 400 with the provider's message, key redacted", async () => {
    reply = { kind: 'json', status: 400, body: JSON.parse(raw('error-400.json')) };
    const err = await failure(provider.complete(req(), target(), signal()));
    expect(err.status).toBe(400);
    expect(err.message).toContain('thinking_level is not supported by this model');
    reply = { kind: 'json', status: 403, body: { error: { code: 403, message: `API key ${API_KEY} not valid`, status: 'PERMISSION_DENIED' } } };
    const auth = await failure(provider.complete(req(), target(), signal()));
    expect(auth.status).toBe(502);
    expect(auth.message).not.toContain(API_KEY);
  });

  it('a 200 without candidates or a block reason is an upstream error', async () => {
    reply = { kind: 'json', body: { usageMetadata: { promptTokenCount: 3 } } };
    expect((await failure(provider.complete(req(), target(), signal()))).code).toBe('upstream_error');
  });

  it('streams from streamGenerateContent?alt=sse and translates the events', async () => {
    reply = { kind: 'sse', events: sseEvents('stream.sse') };
    const stream = await provider.stream(req({ stream: true }), target(), signal());
    const chunks = await collect(stream.chunks);
    expect(mock.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Streaming works across providers.');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 12 });
    expect(stream.rawFinishReason()).toBe('STOP');
  });

  it('an error event mid-stream throws a non-retryable upstream error', async () => {
    reply = { kind: 'sse', events: sseEvents('error-stream.sse') };
    const stream = await provider.stream(req({ stream: true }), target(), signal());
    const err = await failure(collect(stream.chunks));
    expect(err).toMatchObject({ status: 502, code: 'upstream_error', retryable: false });
    expect(err.message).toContain('An internal error has occurred');
  });

  it('a stream cut before its finishReason throws', async () => {
    reply = { kind: 'sse', events: sseEvents('stream.sse'), cutAfter: 2 };
    const stream = await provider.stream(req({ stream: true }), target(), signal());
    expect((await failure(collect(stream.chunks))).code).toBe('upstream_error');
  });

  it('check() rejects what Gemini cannot honour before any request is sent', () => {
    expect(() => provider.check(req({ logit_bias: { '1': 5 } }), target())).toThrow(/logit_bias/);
    expect(mock.requests).toHaveLength(0);
  });
});
