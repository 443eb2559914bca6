import { expect } from 'vitest';
import type { MockHandler, MockReply, RecordedRequest } from '../support/mock-upstream.js';
import { sse } from '../support/mock-upstream.js';
import type { ProviderKit, Scenario, ScenarioUsage } from './provider-kit.js';

/**
 * Conformance kit for OpenAI-wire upstreams (https://platform.openai.com/docs/api-reference/chat):
 * used for `openai` and, with a row's path/auth, for every OpenAI-compatible row.
 */

const usageJson = (u: ScenarioUsage) => ({
  prompt_tokens: u.prompt,
  completion_tokens: u.completion,
  total_tokens: u.prompt + u.completion,
  prompt_tokens_details: { cached_tokens: u.cached },
  completion_tokens_details: { reasoning_tokens: u.reasoning },
});

function message(s: Exclude<Scenario, { kind: 'error' }>) {
  if (s.kind === 'tool') {
    return { role: 'assistant', content: null, tool_calls: s.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })) };
  }
  return { role: 'assistant', content: s.kind === 'json' ? JSON.stringify(s.value) : s.text };
}

export function openAIWireHandler(s: Scenario, opts: { path: string } = { path: '/chat/completions' }): MockHandler {
  return (req): MockReply => {
    if (!req.path.endsWith(opts.path)) return { kind: 'json', status: 404, body: { error: { message: `no route ${req.path}` } } };
    if (s.kind === 'error') {
      return { kind: 'json', status: s.status, body: { error: { message: s.message, type: 'error', code: String(s.status) } }, headers: s.status === 429 ? { 'retry-after': '2' } : ({} as Record<string, string>) };
    }
    const body = req.json as { stream?: boolean; model: string };
    const finish = s.kind === 'tool' ? 'tool_calls' : 'stop';
    if (!body.stream) {
      return { kind: 'json', body: { id: 'chatcmpl-k', object: 'chat.completion', created: 1764460800, model: body.model, choices: [{ index: 0, message: message(s), logprobs: null, finish_reason: finish }], usage: usageJson(s.usage) } };
    }
    const base = { id: 'chatcmpl-k', object: 'chat.completion.chunk', created: 1764460800, model: body.model };
    const events = [sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
    if (s.kind === 'tool') {
      s.calls.forEach((c, i) => {
        const args = JSON.stringify(c.args);
        events.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }, finish_reason: null }] }));
        events.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: args.slice(0, 5) } }] }, finish_reason: null }] }));
        events.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: i, function: { arguments: args.slice(5) } }] }, finish_reason: null }] }));
      });
    } else {
      const text = s.kind === 'json' ? JSON.stringify(s.value) : s.text;
      for (const piece of text.match(/.{1,7}/gs) ?? []) events.push(sse({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }));
    }
    events.push(sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
    events.push(sse({ ...base, choices: [], usage: usageJson(s.usage) }));
    events.push(sse('[DONE]'));
    return { kind: 'sse', events };
  };
}

export function openAIKit(opts: { name: string; provider: string; model: string; path?: string; authHeader?: string; authScheme?: string | null; upstreamModel?: string }): ProviderKit {
  const path = opts.path ?? '/chat/completions';
  return {
    name: opts.name,
    provider: opts.provider,
    model: opts.model,
    handler: (s) => openAIWireHandler(s, { path }),
    isStreamRequest: (req) => (req.json as { stream?: boolean }).stream === true,
    checkRequest(req: RecordedRequest, ctx) {
      expect(req.method).toBe('POST');
      expect(req.path).toBe(path.startsWith('/') ? req.path.slice(0, req.path.length - path.length) + path : path);
      const header = opts.authHeader ?? 'authorization';
      const scheme = opts.authScheme === undefined ? 'Bearer' : opts.authScheme;
      expect(req.headers[header]).toBe(scheme ? `${scheme} ${ctx.apiKey}` : ctx.apiKey);
      const body = req.json as Record<string, unknown>;
      if (opts.upstreamModel) expect(body.model).toBe(opts.upstreamModel);
      if (ctx.stream) expect(body.stream).toBe(true);
    },
    toolResultSeen(req) {
      const messages = (req.json as { messages: Array<{ role: string; tool_call_id?: string; content?: unknown }> }).messages;
      const tool = messages.find((m) => m.role === 'tool');
      return tool ? { toolCallId: tool.tool_call_id ?? '', content: String(tool.content) } : null;
    },
    imageSeen(req) {
      return JSON.stringify(req.json).includes('data:image/png;base64,');
    },
  };
}
