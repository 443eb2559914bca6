import { expect } from 'vitest';
import type { MockHandler, MockReply, RecordedRequest } from '../support/mock-upstream.js';
import type { ProviderKit, Scenario, ScenarioUsage } from './provider-kit.js';

/**
 * Conformance kit for Anthropic's Messages API (https://platform.claude.com/docs/en/api/messages,
 * streaming: https://platform.claude.com/docs/en/build-with-claude/streaming). The mock answers
 * like the real API: named SSE events, usage split into uncached / cache-read input tokens, and a
 * 400 when a request is not a valid Messages request in the ways the adapter could get wrong.
 */

type Json = Record<string, unknown>;

/** Anthropic event framing: every event is named and its data repeats the type. */
export const anthropicSse = (payload: { type: string } & Json) => `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;

/** OpenAI-semantics scenario usage → Anthropic usage (input_tokens excludes cache reads). */
export function anthropicUsage(u: ScenarioUsage): Json {
  return {
    input_tokens: u.prompt - u.cached,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: u.cached,
    output_tokens: u.completion,
    output_tokens_details: { thinking_tokens: u.reasoning },
    service_tier: 'standard',
  };
}

const errorTypes = { 401: 'authentication_error', 429: 'rate_limit_error', 500: 'api_error' } as const;

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Json } | { type: 'thinking'; thinking: string; signature: string };

function blocks(s: Exclude<Scenario, { kind: 'error' }>): Block[] {
  const thinking: Block[] = s.usage.reasoning > 0 ? [{ type: 'thinking', thinking: 'The user greets me; answer briefly.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxB' }] : [];
  if (s.kind === 'tool') return [...thinking, ...s.calls.map((c): Block => ({ type: 'tool_use', id: c.id, name: c.name, input: c.args }))];
  return [...thinking, { type: 'text', text: s.kind === 'json' ? JSON.stringify(s.value) : s.text }];
}

/** Why the mock would answer 400, as Anthropic does for a malformed request; null when fine. */
function invalid(req: RecordedRequest, s: Scenario): string | null {
  const body = req.json as Json | null;
  if (!body || typeof body !== 'object') return 'body is not JSON';
  if (typeof body.max_tokens !== 'number' || body.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: Field required';
  for (const m of body.messages as Json[]) {
    if (m.role !== 'user' && m.role !== 'assistant') return `messages: Unexpected role "${String(m.role)}"`;
  }
  if (s.kind === 'json') {
    const format = (body.output_config as Json | undefined)?.format as Json | undefined;
    if (format?.type !== 'json_schema' || typeof format.schema !== 'object') return 'expected output_config.format for a json_schema request';
  }
  return null;
}

export function anthropicWireHandler(s: Scenario): MockHandler {
  return (req): MockReply => {
    if (req.path !== '/v1/messages') return { kind: 'json', status: 404, body: { type: 'error', error: { type: 'not_found_error', message: `Not found: ${req.path}` } } };
    if (!req.headers['x-api-key'] || !req.headers['anthropic-version']) {
      return { kind: 'json', status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'x-api-key and anthropic-version headers are required' } } };
    }
    if (s.kind === 'error') {
      return {
        kind: 'json',
        status: s.status,
        body: { type: 'error', error: { type: errorTypes[s.status], message: s.message }, request_id: 'req_011CTest' },
        headers: s.status === 429 ? { 'retry-after': '2' } : ({} as Record<string, string>),
      };
    }
    const problem = invalid(req, s);
    if (problem) return { kind: 'json', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: problem } } };
    const body = req.json as { stream?: boolean; model: string };
    const stopReason = s.kind === 'tool' ? 'tool_use' : 'end_turn';
    const content = blocks(s);
    const headers = { 'request-id': 'req_011CMockAnthropic' };
    if (!body.stream) {
      return {
        kind: 'json',
        headers,
        body: { id: 'msg_01MockConformance', type: 'message', role: 'assistant', model: body.model, content, stop_reason: stopReason, stop_sequence: null, stop_details: null, usage: anthropicUsage(s.usage) },
      };
    }
    const usage = anthropicUsage(s.usage);
    const events = [
      anthropicSse({ type: 'message_start', message: { id: 'msg_01MockConformance', type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1, output_tokens_details: null } } }),
      anthropicSse({ type: 'ping' }),
    ];
    content.forEach((block, index) => {
      if (block.type === 'text') {
        events.push(anthropicSse({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
        for (const piece of block.text.match(/.{1,7}/gs) ?? []) events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }));
      } else if (block.type === 'thinking') {
        events.push(anthropicSse({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
        events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } }));
        events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } }));
      } else {
        const args = JSON.stringify(block.input);
        events.push(anthropicSse({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }));
        events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }));
        events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: args.slice(0, 5) } }));
        events.push(anthropicSse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: args.slice(5) } }));
      }
      events.push(anthropicSse({ type: 'content_block_stop', index }));
    });
    events.push(anthropicSse({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens, output_tokens_details: usage.output_tokens_details } }));
    events.push(anthropicSse({ type: 'message_stop' }));
    return { kind: 'sse', events, headers };
  };
}

export function anthropicKit(opts: { name: string; model: string; upstreamModel: string }): ProviderKit {
  return {
    name: opts.name,
    provider: 'anthropic',
    model: opts.model,
    handler: anthropicWireHandler,
    isStreamRequest: (req) => (req.json as { stream?: boolean }).stream === true,
    checkRequest(req, ctx) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe('/v1/messages');
      expect(req.headers['x-api-key']).toBe(ctx.apiKey);
      expect(req.headers['anthropic-version']).toBe('2023-06-01');
      expect(req.headers.authorization).toBeUndefined();
      const body = req.json as Json;
      expect(body.model).toBe(opts.upstreamModel);
      expect(Number.isInteger(body.max_tokens) && (body.max_tokens as number) > 0).toBe(true);
      expect(body).not.toHaveProperty('stream_options');
      for (const m of body.messages as Json[]) expect(['user', 'assistant']).toContain(m.role);
      if (ctx.stream) expect(body.stream).toBe(true);
      else expect(body.stream).toBeUndefined();
    },
    toolResultSeen(req) {
      for (const m of (req.json as { messages: Json[] }).messages) {
        if (m.role !== 'user' || !Array.isArray(m.content)) continue;
        const result = (m.content as Json[]).find((b) => b.type === 'tool_result');
        if (!result) continue;
        const content = Array.isArray(result.content) ? (result.content as Json[]).map((b) => String(b.text)).join('') : String(result.content);
        return { toolCallId: String(result.tool_use_id), content };
      }
      return null;
    },
    imageSeen(req) {
      return (req.json as { messages: Json[] }).messages.some(
        (m) => Array.isArray(m.content) && (m.content as Json[]).some((b) => b.type === 'image' && (b.source as Json | undefined)?.type === 'base64' && (b.source as Json).media_type === 'image/png'),
      );
    },
  };
}
