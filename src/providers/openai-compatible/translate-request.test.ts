import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../openai/chat-request.js';
import { GatewayError } from '../../openai/errors.js';
import { OPENAI_DEFAULTS } from './openai-defaults.js';
import type { OpenAICompatibleRow } from './provider-row.js';
import { OPENAI_COMPATIBLE_ROWS } from './provider-rows.js';
import { translateRequest } from './translate-request.js';

const base: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

function row(id: string): OpenAICompatibleRow {
  const r = OPENAI_COMPATIBLE_ROWS[id];
  if (!r) throw new Error(`no row ${id}`);
  return r;
}

function rejection(r: OpenAICompatibleRow, req: ChatRequest): GatewayError {
  try {
    translateRequest(r, req);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a 400');
}

describe('translateRequest', () => {
  it('forwards, renames and adds the row switches', () => {
    expect(translateRequest(row('deepseek'), { ...base, max_completion_tokens: 64, user: 'u-1', temperature: 0.2 })).toEqual({
      model: 'm',
      messages: base.messages,
      max_tokens: 64,
      user_id: 'u-1',
      temperature: 0.2,
    });
    expect(translateRequest(row('minimax'), base)).toEqual({ ...base, reasoning_split: true });
    expect(translateRequest(row('openrouter'), base)).toEqual({ ...base, provider: { require_parameters: true } });
  });

  it('never forwards our routing extras: a client `provider` object does not reach OpenRouter', () => {
    const body = translateRequest(row('openrouter'), { ...base, provider: { order: ['openai'], sort: 'price' }, models: ['a', 'b'] });
    expect(body).toEqual({ ...base, provider: { require_parameters: true } });
  });

  it('rejects an unsupported parameter with a 400 naming it', () => {
    const err = rejection(row('zhipu'), { ...base, seed: 7 });
    expect(err).toMatchObject({ status: 400, param: 'seed', code: 'unsupported_parameter' });
    expect(err.message).toContain("'seed'");
    expect(err.message).toContain("'zhipu'");
  });

  it('rejects an unsupported value with a 400 naming the parameter and the value', () => {
    const json = rejection(row('deepseek'), { ...base, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } });
    expect(json).toMatchObject({ status: 400, param: 'response_format', code: 'unsupported_parameter' });
    expect(json.message).toContain("'json_schema'");
    const required = rejection(row('dashscope'), { ...base, tool_choice: 'required' });
    expect(required).toMatchObject({ param: 'tool_choice', code: 'unsupported_parameter' });
    expect(required.message).toContain("'required'");
    // An object value matches on its `type`.
    const named = rejection(row('zhipu'), { ...base, tool_choice: { type: 'function', function: { name: 'f' } } });
    expect(named.message).toContain("'function'");
    // Values not listed pass.
    expect(translateRequest(row('deepseek'), { ...base, response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
  });

  it("omits OpenAI's documented defaults for a provider that lacks the field; any other value is a 400", () => {
    const langchain: ChatRequest = { ...base, n: 1, presence_penalty: 0, frequency_penalty: 0, logprobs: false, parallel_tool_calls: true };
    expect(translateRequest(row('zhipu'), langchain)).toEqual(base);
    // Groq has parallel_tool_calls, so that one is forwarded.
    expect(translateRequest(row('groq'), langchain)).toEqual({ ...base, parallel_tool_calls: true });
    // A provider that has the field gets it as sent.
    expect(translateRequest(row('openai'), langchain)).toEqual(langchain);
    expect(rejection(row('zhipu'), { ...base, n: 2 }).param).toBe('n');
    expect(rejection(row('zhipu'), { ...base, presence_penalty: 0.5 }).param).toBe('presence_penalty');
    expect(rejection(row('together'), { ...base, logprobs: true }).param).toBe('logprobs');
    expect(rejection(row('minimax'), { ...base, parallel_tool_calls: false }).param).toBe('parallel_tool_calls');
    expect(translateRequest(row('deepseek'), { ...base, store: false, service_tier: 'auto', modalities: ['text'], verbosity: 'medium' })).toEqual(base);
    expect(rejection(row('deepseek'), { ...base, modalities: ['text', 'audio'] }).param).toBe('modalities');
  });

  it('the defaults table is only what OpenAI documents', () => {
    expect(OPENAI_DEFAULTS).toEqual({
      n: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      logprobs: false,
      parallel_tool_calls: true,
      store: false,
      service_tier: 'auto',
      verbosity: 'medium',
      modalities: ['text'],
    });
  });

  it('omits top-level nulls ("not set" in OpenAI\'s reference) instead of forwarding them', () => {
    expect(translateRequest(row('mistral'), { ...base, logprobs: null, seed: null, temperature: null })).toEqual(base);
  });

  it('400s when two client fields land on one upstream field', () => {
    const err = rejection(row('openai'), { ...base, max_tokens: 10, max_completion_tokens: 20 });
    expect(err.status).toBe(400);
    expect(err.message).toContain("'max_tokens'");
    expect(err.message).toContain("'max_completion_tokens'");
    expect(rejection(row('moonshot'), { ...base, user: 'a', safety_identifier: 'b' }).status).toBe(400);
  });

  it('merges extraBody into a client object key by key, and 400s on a conflicting leaf', () => {
    const r: OpenAICompatibleRow = { ...row('openai'), extraBody: { metadata: { source: 'gateway' } } };
    expect(translateRequest(r, { ...base, metadata: { app: 'x' } }).metadata).toEqual({ app: 'x', source: 'gateway' });
    expect(translateRequest(r, { ...base, metadata: { source: 'gateway' } }).metadata).toEqual({ source: 'gateway' });
    const err = rejection(r, { ...base, metadata: { source: 'client' } });
    expect(err).toMatchObject({ status: 400, param: 'metadata.source', code: 'unsupported_parameter' });
  });

  it('does not share extraBody objects between requests', () => {
    const body = translateRequest(row('openrouter'), base);
    (body.provider as Record<string, unknown>).require_parameters = false;
    expect(translateRequest(row('openrouter'), base).provider).toEqual({ require_parameters: true });
  });
});
