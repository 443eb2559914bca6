import { expect } from 'vitest';
import type { MockHandler, MockReply, RecordedRequest } from '../support/mock-upstream.js';
import type { ProviderKit, Scenario, ScenarioUsage } from './provider-kit.js';

/**
 * Conformance kit for the Gemini API (https://ai.google.dev/api/generate-content): the mock
 * answers `models/{model}:generateContent` with a `GenerateContentResponse` and
 * `:streamGenerateContent?alt=sse` with one partial response per event (CRLF-framed, no [DONE]),
 * errors in Google's `{error:{code,message,status}}` envelope.
 */

const RESPONSE_ID = 'mVQ0aPv3Ir2nz7IPxNqJmQg';
const SIGNATURE = 'CiQBcsjafBv0i8gX3YZ1k1VhZ2Vy1N8Qm8G2cSxRkmW4pD0=';

/** OpenAI-style counts (prompt ⊇ cached, completion ⊇ reasoning) → Gemini's additive usageMetadata. */
function usageMetadata(u: ScenarioUsage) {
  return {
    promptTokenCount: u.prompt,
    candidatesTokenCount: u.completion - u.reasoning,
    totalTokenCount: u.prompt + u.completion,
    ...(u.cached > 0 ? { cachedContentTokenCount: u.cached } : {}),
    ...(u.reasoning > 0 ? { thoughtsTokenCount: u.reasoning } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.prompt }],
  };
}

const STATUS_NAME: Record<number, string> = { 401: 'UNAUTHENTICATED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL' };

const geminiSse = (payload: unknown) => `data: ${JSON.stringify(payload)}\r\n\r\n`;

function answerParts(s: Exclude<Scenario, { kind: 'error' }>): Array<Record<string, unknown>> {
  const thought = s.usage.reasoning > 0 ? [{ text: 'Working out the answer.', thought: true }] : [];
  if (s.kind === 'tool') {
    // Gemini leaves FunctionCall.id empty and signs the first call of a parallel set.
    return [...thought, ...s.calls.map((c, i) => ({ functionCall: { name: c.name, args: c.args }, ...(i === 0 ? { thoughtSignature: SIGNATURE } : {}) }))];
  }
  return [...thought, { text: s.kind === 'json' ? JSON.stringify(s.value) : s.text }];
}

export function geminiWireHandler(s: Scenario, model: string): MockHandler {
  return (req): MockReply => {
    const match = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent\?alt=sse)$/.exec(req.path);
    if (!match || match[1] !== model) {
      return { kind: 'json', status: 404, body: { error: { code: 404, message: `models/${match?.[1] ?? '?'} is not found for API version v1beta`, status: 'NOT_FOUND' } } };
    }
    if (s.kind === 'error') {
      const details = s.status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] : [];
      return { kind: 'json', status: s.status, body: { error: { code: s.status, message: s.message, status: STATUS_NAME[s.status], details } } };
    }
    const base = { modelVersion: model, responseId: RESPONSE_ID };
    if (match[2] === 'generateContent') {
      return {
        kind: 'json',
        body: { candidates: [{ content: { role: 'model', parts: answerParts(s) }, finishReason: 'STOP', index: 0 }], usageMetadata: usageMetadata(s.usage), ...base },
      };
    }
    const promptOnly = { promptTokenCount: s.usage.prompt, totalTokenCount: s.usage.prompt };
    const events: string[] = [];
    if (s.kind === 'tool') {
      events.push(geminiSse({ candidates: [{ content: { role: 'model', parts: answerParts(s) }, index: 0 }], usageMetadata: promptOnly, ...base }));
    } else {
      const text = s.kind === 'json' ? JSON.stringify(s.value) : s.text;
      if (s.usage.reasoning > 0) events.push(geminiSse({ candidates: [{ content: { role: 'model', parts: [{ text: 'Working out the answer.', thought: true }] }, index: 0 }], usageMetadata: promptOnly, ...base }));
      for (const piece of text.match(/.{1,7}/gs) ?? []) {
        events.push(geminiSse({ candidates: [{ content: { role: 'model', parts: [{ text: piece }] }, index: 0 }], usageMetadata: promptOnly, ...base }));
      }
    }
    events.push(geminiSse({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usageMetadata(s.usage), ...base }));
    return { kind: 'sse', events };
  };
}

interface FunctionResponsePart {
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}

export function geminiKit(opts: { name: string; model: string; upstreamModel: string }): ProviderKit {
  return {
    name: opts.name,
    provider: 'gemini',
    model: opts.model,
    handler: (s) => geminiWireHandler(s, opts.upstreamModel),
    isStreamRequest: (req) => req.path.includes(':streamGenerateContent') && req.path.includes('alt=sse'),
    checkRequest(req: RecordedRequest, ctx) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe(`/v1beta/models/${opts.upstreamModel}:${ctx.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`);
      expect(req.headers['x-goog-api-key']).toBe(ctx.apiKey);
      expect(req.headers.authorization).toBeUndefined();
      const body = req.json as { contents: Array<{ role: string; parts: unknown[] }>; model?: unknown; stream?: unknown };
      expect(body.model).toBeUndefined();
      expect(body.stream).toBeUndefined();
      expect(body.contents.length).toBeGreaterThan(0);
      for (const c of body.contents) expect(['user', 'model']).toContain(c.role);
    },
    toolResultSeen(req) {
      const contents = (req.json as { contents: Array<{ role: string; parts: FunctionResponsePart[] }> }).contents;
      for (const c of contents) {
        const fr = c.parts.find((p) => p.functionResponse)?.functionResponse;
        if (!fr) continue;
        const output = fr.response.output;
        return { toolCallId: fr.id ?? '', content: Object.keys(fr.response).length === 1 && typeof output === 'string' ? output : JSON.stringify(fr.response) };
      }
      return null;
    },
    imageSeen(req) {
      const contents = (req.json as { contents: Array<{ parts: Array<{ inlineData?: { mimeType: string; data: string } }> }> }).contents;
      return contents.some((c) => c.parts.some((p) => p.inlineData?.mimeType === 'image/png' && p.inlineData.data.length > 0));
    },
  };
}
