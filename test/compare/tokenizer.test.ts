import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../src/compare/token-count.js';

/**
 * The tokenizer against counts published with the library: its encoder test plans
 * (data/TestPlans.txt, o200k_base) and its chat fixtures (OpenAI-verified prompt_tokens for chat
 * and function-calling requests, src/fixtures/functionCallingTestCases.ts).
 */

const SENTENCE = 'The quick brown fox jumps over 13 lazy dogs. 😺';

function documentedO200kCount(sample: string): number {
  const pkg = dirname(createRequire(import.meta.url).resolve('gpt-tokenizer/package.json'));
  const plans = readFileSync(join(pkg, 'data', 'TestPlans.txt'), 'utf8');
  const block = plans.split(/\n\s*\n/).find((b) => b.includes('EncodingName: o200k_base') && b.includes(`Sample: ${sample}\n`));
  const encoded = /Encoded: \[(.*)\]/.exec(block ?? '')?.[1];
  if (encoded === undefined) throw new Error(`no o200k_base test plan for ${sample}`);
  return encoded.split(',').length;
}

describe('o200k_base token counts', () => {
  it('a known English sentence counts as the library documents (13 tokens)', async () => {
    const tok = await loadTokenizer();
    expect(documentedO200kCount(SENTENCE)).toBe(13);
    expect(tok.countText(SENTENCE)).toBe(13);
  });

  it('chat messages carry OpenAI’s per-message overhead and reply priming', async () => {
    const tok = await loadTokenizer();
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello' }] }).tokens).toBe(8);
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello world' }] }).tokens).toBe(9);
    const convo = tok.countChat({
      messages: [
        { role: 'system', content: "# Important: you're the best robot" },
        { role: 'user', content: 'hello robot' },
        { role: 'assistant', content: 'hello world' },
      ],
    });
    expect(convo.tokens).toBe(26);
    // Text parts count like the same text as a string.
    expect(tok.countChat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] }).tokens).toBe(8);
  });

  it('tools are counted as OpenAI renders function definitions', async () => {
    const tok = await loadTokenizer();
    const bingBong = {
      type: 'function' as const,
      function: {
        name: 'bing_bong',
        description: 'Do a bing bong',
        parameters: { type: 'object', properties: { foo: { type: 'string' }, bar: { type: 'number', description: 'A number' } } },
      },
    };
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello' }], tools: [bingBong] }).tokens).toBe(52);
    const foo = { type: 'function' as const, function: { name: 'foo', parameters: { type: 'object', properties: {} } } };
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello' }], tools: [foo] }).tokens).toBe(31);
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello' }], tools: [foo], tool_choice: 'none' }).tokens).toBe(32);
    expect(tok.countChat({ messages: [{ role: 'user', content: 'hello' }], tools: [foo], tool_choice: { type: 'function', function: { name: 'foo' } } }).tokens).toBe(36);
  });

  it('assistant tool calls count like a function call', async () => {
    const tok = await loadTokenizer();
    const count = tok.countChat({
      messages: [{ role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'do_stuff', arguments: '{"foo": "bar", "baz": 1.5}' } }] }],
    });
    expect(count.tokens).toBe(27);
  });

  it('image parts are assumed, and say so', async () => {
    const tok = await loadTokenizer();
    const text = tok.countChat({ messages: [{ role: 'user', content: 'describe' }] }).tokens;
    const low = tok.countChat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }] }] });
    expect(low.tokens).toBe(text + 85);
    expect(low.assumptions).toEqual([]);
    const auto = tok.countChat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] });
    expect(auto.tokens).toBe(text + 765);
    expect(auto.assumptions.join(' ')).toMatch(/1024×1024/);
  });
});
