import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogModel } from '../../catalog/catalog.js';
import type { ChatRequest } from '../../openai/chat-request.js';
import { GatewayError } from '../../openai/errors.js';
import type { UpstreamTarget } from '../provider.js';
import { toAnthropicRequest } from './anthropic-request.js';

const catalog = Catalog.loadDefault();

function target(id = 'claude-sonnet-4-5', patch: Partial<CatalogModel> = {}): UpstreamTarget {
  const model = catalog.resolve(id);
  if (!model) throw new Error(`test setup: no ${id}`);
  return { model: { ...model, ...patch }, upstreamModel: model.upstream_model, baseUrl: 'http://127.0.0.1:1', apiKey: 'sk-ant-test', billingBasis: 'platform', timeoutMs: 1000, guarded: false };
}

const hi: ChatRequest['messages'] = [{ role: 'user', content: 'Hi' }];
const body = (req: Omit<ChatRequest, 'model'>, t = target(), stream = false) => toAnthropicRequest({ model: 'claude-sonnet-4-5', ...req }, t, stream).body;

function rejection(req: Omit<ChatRequest, 'model'>, t = target()): { param: string | null; status: number } {
  try {
    body(req, t);
  } catch (err) {
    if (err instanceof GatewayError) return { param: err.param, status: err.status };
    throw err;
  }
  throw new Error('expected a rejection');
}

const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const time = { type: 'function' as const, function: { name: 'get_time' } };

describe('toAnthropicRequest', () => {
  it('a plain chat request (fixture test/fixtures/anthropic/expected-request.json)', () => {
    const expected = JSON.parse(readFileSync(new URL('../../../test/fixtures/anthropic/expected-request.json', import.meta.url), 'utf8')) as unknown;
    const req: Omit<ChatRequest, 'model'> = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.2,
      max_completion_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(body(req, target(), true)).toEqual(expected);
  });

  it('max_tokens: the client’s, else the catalog’s max_output_tokens, else 4096', () => {
    expect(body({ messages: hi, max_tokens: 300 }).max_tokens).toBe(300);
    expect(body({ messages: hi, max_completion_tokens: 200, max_tokens: 200 }).max_tokens).toBe(200);
    expect(body({ messages: hi }).max_tokens).toBe(64000);
    expect(body({ messages: hi }, target('claude-sonnet-4-5', { max_output_tokens: null })).max_tokens).toBe(4096);
    expect(rejection({ messages: hi, max_tokens: 100, max_completion_tokens: 200 })).toEqual({ param: 'max_tokens', status: 400 });
  });

  it('stop, top_p, user, service_tier', () => {
    expect(body({ messages: hi, stop: 'END', top_p: 0.9, user: 'u-42', service_tier: 'default', max_tokens: 10 })).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-42' },
      service_tier: 'standard_only',
    });
    expect(body({ messages: hi, stop: ['a', 'b'], safety_identifier: 'h-1', service_tier: 'auto' })).toMatchObject({ stop_sequences: ['a', 'b'], metadata: { user_id: 'h-1' }, service_tier: 'auto' });
  });

  it('tools → input_schema; tool_choice and parallel_tool_calls', () => {
    const tools = [weather, { type: 'function' as const, function: { ...time.function, strict: true } }];
    expect(body({ messages: hi, tools, tool_choice: 'required', parallel_tool_calls: false, max_tokens: 10 })).toMatchObject({
      tools: [
        { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        { name: 'get_time', input_schema: { type: 'object', properties: {} }, strict: true },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });
    expect(body({ messages: hi, tools }).tool_choice).toBeUndefined();
    expect(body({ messages: hi, tools, tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(body({ messages: hi, tools, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ messages: hi, tools, parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ messages: hi, tools, tool_choice: { type: 'function', function: { name: 'get_time' } } }).tool_choice).toEqual({ type: 'tool', name: 'get_time' });
    expect(rejection({ messages: hi, tools, tool_choice: { type: 'function', function: { name: 'nope' } } })).toEqual({ param: 'tool_choice', status: 400 });
    expect(rejection({ messages: hi, tool_choice: 'required' })).toEqual({ param: 'tool_choice', status: 400 });
    expect(body({ messages: hi, tool_choice: 'none' })).not.toHaveProperty('tool_choice');
  });

  it('json_schema → structured outputs (output_config.format); the description rides in the schema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    expect(body({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } } }).output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(body({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'city', description: 'A city', schema } } }).output_config).toEqual({
      format: { type: 'json_schema', schema: { ...schema, description: 'A city' } },
    });
    expect(rejection({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'city' } } })).toEqual({ param: 'response_format.json_schema.schema', status: 400 });
    const noSchema = target('claude-sonnet-4-5', { capabilities: { ...target().model.capabilities, json_schema: false } });
    expect(rejection({ messages: hi, response_format: { type: 'json_schema', json_schema: { name: 'city', schema } } }, noSchema)).toEqual({ param: 'response_format', status: 400 });
    expect(body({ messages: hi, response_format: { type: 'text' } })).not.toHaveProperty('output_config');
  });

  it('json_object → a forced tool with an object schema', () => {
    const plan = toAnthropicRequest({ model: 'claude-sonnet-4-5', messages: hi, response_format: { type: 'json_object' } }, target(), false);
    expect(plan.jsonTool).toBe('json_object');
    expect(plan.body).toMatchObject({
      tools: [{ name: 'json_object', description: 'Reply with your complete answer as a JSON object.', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'json_object' },
    });
    expect(rejection({ messages: hi, tools: [weather], response_format: { type: 'json_object' } })).toEqual({ param: 'response_format', status: 400 });
  });

  it('reasoning_effort → thinking budget inside max_tokens; none → disabled', () => {
    expect(body({ messages: hi, reasoning_effort: 'minimal' }).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(body({ messages: hi, reasoning_effort: 'low' }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(body({ messages: hi, reasoning_effort: 'medium' }).thinking).toEqual({ type: 'enabled', budget_tokens: 8192 });
    expect(body({ messages: hi, reasoning_effort: 'high' }).thinking).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(body({ messages: hi, reasoning_effort: 'xhigh' }).thinking).toEqual({ type: 'enabled', budget_tokens: 32000 });
    expect(body({ messages: hi, reasoning_effort: 'high', max_tokens: 5000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 4999 });
    expect(body({ messages: hi, reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
    expect(rejection({ messages: hi, reasoning_effort: 'low', max_tokens: 1024 })).toEqual({ param: 'reasoning_effort', status: 400 });
    const noReasoning = target('claude-sonnet-4-5', { capabilities: { ...target().model.capabilities, reasoning: false } });
    expect(rejection({ messages: hi, reasoning_effort: 'low' }, noReasoning)).toEqual({ param: 'reasoning_effort', status: 400 });
    expect(body({ messages: hi, reasoning_effort: 'none' }, noReasoning)).not.toHaveProperty('thinking');
  });

  it('thinking refuses what Anthropic says it is incompatible with', () => {
    expect(rejection({ messages: hi, reasoning_effort: 'low', temperature: 0.3 })).toEqual({ param: 'temperature', status: 400 });
    expect(rejection({ messages: hi, reasoning_effort: 'low', top_p: 0.5 })).toEqual({ param: 'top_p', status: 400 });
    expect(rejection({ messages: hi, reasoning_effort: 'low', tools: [weather], tool_choice: 'required' })).toEqual({ param: 'tool_choice', status: 400 });
    expect(rejection({ messages: hi, reasoning_effort: 'low', response_format: { type: 'json_object' } })).toEqual({ param: 'response_format', status: 400 });
    expect(body({ messages: hi, reasoning_effort: 'low', temperature: 1, tools: [weather], tool_choice: 'auto' }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(body({ messages: hi, reasoning_effort: 'low', top_p: 0.95 }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it.each<[string, Omit<ChatRequest, 'model'>]>([
    ['n', { messages: hi, n: 2 }],
    ['seed', { messages: hi, seed: 7 }],
    ['logprobs', { messages: hi, logprobs: true }],
    ['top_logprobs', { messages: hi, top_logprobs: 3 }],
    ['logit_bias', { messages: hi, logit_bias: { '50256': -100 } }],
    ['presence_penalty', { messages: hi, presence_penalty: 0.5 }],
    ['frequency_penalty', { messages: hi, frequency_penalty: -0.5 }],
    ['metadata', { messages: hi, metadata: { team: 'a' } }],
    ['store', { messages: hi, store: true }],
    ['modalities', { messages: hi, modalities: ['text', 'audio'] }],
    ['verbosity', { messages: hi, verbosity: 'low' }],
    ['prompt_cache_key', { messages: hi, prompt_cache_key: 'k' }],
    ['temperature', { messages: hi, temperature: 1.5 }],
    ['top_p', { messages: hi, temperature: 0.5, top_p: 0.9 }],
    ['service_tier', { messages: hi, service_tier: 'flex' }],
    ['user', { messages: hi, user: 'a', safety_identifier: 'b' }],
  ])('400 naming %s', (param, req) => {
    expect(rejection(req)).toEqual({ param, status: 400 });
  });

  it('OpenAI defaults that ask for nothing are accepted', () => {
    expect(body({ messages: hi, n: 1, logprobs: false, presence_penalty: 0, frequency_penalty: 0, store: false, modalities: ['text'], seed: null, logit_bias: null })).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 64000,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('capabilities from the catalog: images and tools', () => {
    const blind = target('claude-sonnet-4-5', { capabilities: { ...target().model.capabilities, vision: false, tools: false } });
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] }, blind)).toEqual({ param: 'messages', status: 400 });
    expect(rejection({ messages: hi, tools: [weather] }, blind)).toEqual({ param: 'tools', status: 400 });
  });
});
