import { pick } from '../../../src/bench/cachesafety/prng.js';

/**
 * A seeded generator of malformed and adversarial HTTP requests for the gateway. Each request
 * says what a correct gateway must answer: `valid` (2xx), `invalid` (a 4xx, optionally a
 * specific one) or `either` (2xx or 4xx: the input is odd but legal, or legality depends on a
 * policy this suite does not pin down). Nothing may ever be a 5xx.
 */

export type Expectation = { kind: 'valid' } | { kind: 'invalid'; status?: readonly number[]; code?: string } | { kind: 'either' };

export interface HostileRequest {
  category: Category;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** Send the body with chunked transfer-encoding (no content-length). */
  chunked?: boolean;
  /** A stream:true request whose 2xx must be an SSE stream ending in [DONE]. */
  stream?: boolean;
  expect: Expectation;
  note: string;
}

export const CATEGORIES = [
  'bad_json',
  'wrong_types',
  'deep_nesting',
  'huge_strings',
  'huge_arrays',
  'oversized',
  'invalid_utf8',
  'nul_bytes',
  'header_injection',
  'bogus_content_type',
  'confusable_models',
  'proto_pollution',
  'absurd_numbers',
  'bad_auth',
  'other_routes',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface GeneratorContext {
  projectKey: string;
  adminKey: string;
  bodyLimit: number;
  /** A receipt id of this project and one of another project (for the routes fuzz). */
  ownReceiptId: string;
}

type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const chance = (rng: Rng, p: number) => rng() < p;

const MODEL = 'sandbox-echo';
const baseBody = (rng: Rng): Record<string, unknown> => ({
  model: chance(rng, 0.85) ? MODEL : 'sandbox-tools',
  messages: [{ role: 'user', content: `hostile ${int(rng, 0, 1e9)}` }],
  ...(chance(rng, 0.25) ? { stream: true } : {}),
});

const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');

function chat(ctx: GeneratorContext, category: Category, body: Buffer, expect: Expectation, note: string, extra: Partial<HostileRequest> = {}): HostileRequest {
  // Cheap on a 500 KB body, and exact for what the generators write.
  const stream = body.includes('"stream":true');
  // Whatever the generator meant, a body over the limit must be refused as too large.
  const over = body.length > ctx.bodyLimit;
  return {
    category,
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { authorization: `Bearer ${ctx.projectKey}`, 'content-type': 'application/json', ...extra.headers },
    body,
    stream,
    ...extra,
    expect: over ? { kind: 'invalid', status: [413], code: 'request_too_large' } : expect,
    note: over ? `${note} (over the limit)` : note,
  };
}

function badJson(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const text = JSON.stringify(baseBody(rng));
  const mutations: Array<[string, () => string]> = [
    ['truncated', () => text.slice(0, int(rng, 0, text.length - 1))],
    ['single quotes', () => text.replace(/"/g, "'")],
    ['trailing comma', () => `${text.slice(0, -1)},}`],
    ['comment', () => `/* hi */${text}`],
    ['byte-order mark', () => `\uFEFF${text}`],
    ['NaN literal', () => text.replace(/}$/, ',"temperature":NaN}')],
    ['garbage after', () => `${text}${pick(rng, ['x', '}', ']', '{}', ' null', '\u0000'])}`],
    ['two documents', () => `${text}\n${text}`],
    ['unquoted key', () => text.replace('"model"', 'model')],
    ['bare value', () => pick(rng, ['null', 'true', '42', '"string"', '[]', '[{}]', '', ' ', '{', '}', '{"model":'])],
    ['unterminated string', () => text.replace(/"}]/, '}]')],
    ['bad escape', () => text.replace('hostile', 'host\\xile')],
    ['lone surrogate escape', () => text.replace('hostile', '\\ud800hostile')],
  ];
  const [name, make] = pick(rng, mutations);
  // A lone surrogate escape is valid JSON, and a parser may ignore a byte-order mark (RFC 8259
  // §8.1); everything else here is not JSON.
  const expect: Expectation = name === 'lone surrogate escape' || name === 'byte-order mark' ? { kind: 'either' } : name === 'bare value' ? { kind: 'invalid', status: [400] } : { kind: 'invalid', status: [400], code: 'invalid_request_error' };
  return chat(ctx, 'bad_json', Buffer.from(make(), 'utf8'), expect, name);
}

const WRONG: Array<[string, unknown[]]> = [
  ['model', [123, null, [], {}, true, '', 'x'.repeat(300)]],
  ['messages', ['hi', {}, [], [1], [null], [{ role: 'user' }], [{ content: 'x' }], [{ role: 'user', content: 5 }], [{ role: 'tool', content: 'x' }], [{ role: 'user', content: [] }]]],
  ['temperature', ['0.5', true, [], {}, -1, 3, 2.0001]],
  ['top_p', [-0.1, 1.5, '1']],
  ['max_tokens', [0, -5, 1.5, '10', true]],
  ['stream', ['true', 1, {}]],
  ['stop', [[1, 2], ['a', 'b', 'c', 'd', 'e'], 5, { a: 1 }]],
  ['tools', [{}, [{}], [{ type: 'function' }], [{ type: 'function', function: { name: 'bad name!' } }], 'tools']],
  ['n', [0, 129, '2', 1.5]],
  ['tool_choice', ['maybe', 5, { type: 'function' }]],
  ['response_format', [{ type: 'xml' }, 'json', { type: 'json_schema' }, { type: 'json_schema', json_schema: { name: 'bad name' } }]],
  ['logit_bias', [{ a: 'x' }, { a: 1000 }, [1, 2], 'bias']],
  ['metadata', [{ a: 1 }, 'meta', [1], { a: 'x'.repeat(600) }]],
  ['user', [5, {}, 'u'.repeat(300)]],
  ['seed', [1.5, '7', true]],
  ['stream_options', [{ include_usage: 'yes' }, { include_usage: true, extra: 1 }]],
  ['provider', [{ sort: 'random' }, { only: 'openai' }, 'openai']],
  ['models', ['sandbox-echo', [1], Array.from({ length: 20 }, () => 'sandbox-echo')]],
  ['reasoning_effort', ['extreme', 1]],
];

function wrongTypes(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const [field, values] = pick(rng, WRONG);
  const value = pick(rng, values);
  const body = { ...baseBody(rng), [field]: value };
  if (field === 'stream_options') body.stream = true;
  return chat(ctx, 'wrong_types', json(body), { kind: 'invalid', status: [400] }, `${field}=${JSON.stringify(value).slice(0, 40)}`);
}

function nested(depth: number, kind: 'array' | 'object', leaf: unknown): string {
  return kind === 'array' ? `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`;
}

/** Deeper than any sane request: refused. Shallower: accepted wherever the schema takes free-form JSON. */
export const DEEP = 1_000;

function deepNesting(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const depth = pick(rng, [8, 40, 100, DEEP, 5_000, 20_000, 100_000, 200_000]);
  const kind = chance(rng, 0.5) ? 'array' : 'object';
  const where = pick(rng, ['tool parameters', 'json_schema', 'message content', 'metadata', 'top level', 'logit_bias'] as const);
  const head = `{"model":"${MODEL}","messages":[{"role":"user","content":"deep"}]`;
  let text: string;
  let freeForm = false;
  switch (where) {
    case 'tool parameters':
      text = `${head},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","x":${nested(depth, kind, 1)}}}}]}`;
      freeForm = true;
      break;
    case 'json_schema':
      text = `${head},"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","x":${nested(depth, kind, 1)}}}}}`;
      freeForm = true;
      break;
    case 'message content':
      text = `{"model":"${MODEL}","messages":[{"role":"user","content":${nested(depth, kind, 'x')}}]}`;
      break;
    case 'metadata':
      text = `${head},"metadata":{"k":${nested(depth, kind, 'v')}}}`;
      break;
    case 'logit_bias':
      text = `${head},"logit_bias":{"1":${nested(depth, kind, 1)}}}`;
      break;
    case 'top level':
      text = nested(depth, kind, 0);
      break;
  }
  const expect: Expectation = depth >= DEEP ? { kind: 'invalid', status: [400] } : freeForm ? { kind: 'either' } : { kind: 'invalid', status: [400] };
  return chat(ctx, 'deep_nesting', Buffer.from(text, 'utf8'), expect, `${where} ${kind} depth ${depth}`);
}

function hugeStrings(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const size = int(rng, 10_000, ctx.bodyLimit - 2_048);
  const filler = pick(rng, ['a', 'अ', '😀', ' ', '\\n', 'lorem ipsum ']).repeat(1);
  const big = filler.repeat(Math.ceil(size / Buffer.byteLength(filler))).slice(0, size);
  const where = pick(rng, ['content', 'system', 'tool description', 'stop', 'model', 'user', 'metadata', 'logit_bias key', 'tool result'] as const);
  const body: Record<string, unknown> = baseBody(rng);
  let expect: Expectation = { kind: 'valid' };
  switch (where) {
    case 'content':
      body.messages = [{ role: 'user', content: big }];
      break;
    case 'system':
      body.messages = [{ role: 'system', content: big }, { role: 'user', content: 'hi' }];
      break;
    case 'tool description':
      body.tools = [{ type: 'function', function: { name: 'f', description: big, parameters: { type: 'object', properties: {} } } }];
      break;
    case 'stop':
      body.stop = [big.slice(0, size / 2), 'x'];
      break;
    case 'model':
      body.model = big;
      expect = { kind: 'invalid', status: [400] };
      break;
    case 'user':
      body.user = big;
      expect = { kind: 'invalid', status: [400] };
      break;
    case 'metadata':
      body.metadata = { k: big };
      expect = { kind: 'invalid', status: [400] };
      break;
    case 'logit_bias key':
      body.logit_bias = { [big]: 1 };
      break;
    case 'tool result':
      body.messages = [
        { role: 'user', content: 'call it' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: big },
      ];
      break;
  }
  return chat(ctx, 'huge_strings', json(body), expect, `${where} ${size} chars of '${filler.slice(0, 4)}'`);
}

function hugeArrays(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const where = pick(rng, ['messages', 'content parts', 'logit_bias', 'tools', 'stop', 'models', 'tool_calls', 'metadata'] as const);
  const body: Record<string, unknown> = baseBody(rng);
  let expect: Expectation = { kind: 'valid' };
  const n = int(rng, 100, 20_000);
  switch (where) {
    case 'messages':
      body.messages = Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
      body.messages = [...(body.messages as unknown[]), { role: 'user', content: 'last' }];
      break;
    case 'content parts':
      body.messages = [{ role: 'user', content: Array.from({ length: n }, (_, i) => ({ type: 'text', text: `p${i}` })) }];
      break;
    case 'logit_bias':
      body.logit_bias = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), (i % 200) - 100]));
      break;
    case 'tools': {
      const count = pick(rng, [64, 128, 129, 1000]);
      body.tools = Array.from({ length: count }, (_, i) => ({ type: 'function', function: { name: `f${i}`, parameters: { type: 'object', properties: {} } } }));
      if (count > 128) expect = { kind: 'invalid', status: [400] };
      break;
    }
    case 'stop':
      body.stop = Array.from({ length: n }, (_, i) => `s${i}`);
      expect = { kind: 'invalid', status: [400] };
      break;
    case 'models':
      body.models = Array.from({ length: n }, () => MODEL);
      expect = { kind: 'invalid', status: [400] };
      break;
    case 'tool_calls':
      body.messages = [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: null, tool_calls: Array.from({ length: n }, (_, i) => ({ id: `c${i}`, type: 'function', function: { name: 'f', arguments: '{}' } })) },
        { role: 'tool', tool_call_id: 'c0', content: 'ok' },
      ];
      break;
    case 'metadata':
      body.metadata = Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
      break;
  }
  return chat(ctx, 'huge_arrays', json(body), expect, `${where} × ${n}`);
}

function oversized(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const size = int(rng, ctx.bodyLimit + 1, ctx.bodyLimit * 3);
  const shape = pick(rng, ['json', 'garbage', 'chunked json'] as const);
  const text = shape === 'garbage' ? 'z'.repeat(size) : JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'o'.repeat(size) }] });
  return {
    ...chat(ctx, 'oversized', Buffer.from(text, 'utf8'), { kind: 'invalid', status: [413] }, `${shape} ${size} bytes`),
    chunked: shape === 'chunked json',
  };
}

const BAD_UTF8: Array<[string, number[]]> = [
  ['0xff', [0xff]],
  ['0xc3 0x28', [0xc3, 0x28]],
  ['truncated 3-byte', [0xe2, 0x82]],
  ['overlong slash', [0xc0, 0xaf]],
  ['UTF-16 surrogate as UTF-8', [0xed, 0xa0, 0x80]],
  ['5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ['lone continuation', [0x80, 0xbf]],
  ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
];

function invalidUtf8(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const [name, bytes] = pick(rng, BAD_UTF8);
  const text = JSON.stringify(baseBody(rng));
  const where = pick(rng, ['content', 'model', 'key', 'between tokens'] as const);
  const anchor = where === 'content' ? text.indexOf('hostile') : where === 'model' ? text.indexOf('sandbox') : where === 'key' ? text.indexOf('messages') : text.indexOf(':') + 1;
  const body = Buffer.concat([Buffer.from(text.slice(0, anchor), 'utf8'), Buffer.from(bytes), Buffer.from(text.slice(anchor), 'utf8')]);
  return chat(ctx, 'invalid_utf8', body, { kind: 'invalid', status: [400] }, `${name} in ${where}`);
}

function nulBytes(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const body = baseBody(rng);
  const variant = pick(rng, ['escaped in content', 'raw in content', 'raw between tokens', 'escaped in model', 'raw in model', 'escaped in fallback models', 'escaped in metadata key', 'escaped in tool name', 'escaped in stop', 'raw at start'] as const);
  const text = JSON.stringify(body);
  switch (variant) {
    case 'escaped in content':
      return chat(ctx, 'nul_bytes', json({ ...body, messages: [{ role: 'user', content: 'a\u0000b\u0000'.repeat(int(rng, 1, 100)) }] }), { kind: 'valid' }, variant);
    case 'raw in content':
      return chat(ctx, 'nul_bytes', Buffer.from(text.replace('hostile', 'host\u0000ile'), 'utf8'), { kind: 'invalid', status: [400] }, variant);
    case 'raw between tokens':
      return chat(ctx, 'nul_bytes', Buffer.from(text.replace('":', '":\u0000'), 'utf8'), { kind: 'invalid', status: [400] }, variant);
    case 'escaped in model':
      return chat(ctx, 'nul_bytes', json({ ...body, model: `${MODEL}\u0000` }), { kind: 'invalid', status: [400] }, variant);
    case 'raw in model':
      return chat(ctx, 'nul_bytes', Buffer.from(text.replace('sandbox-', 'sand\u0000box-'), 'utf8'), { kind: 'invalid', status: [400] }, variant);
    case 'escaped in fallback models':
      return chat(ctx, 'nul_bytes', json({ ...body, models: [`${MODEL}\u0000`] }), { kind: 'invalid', status: [400] }, variant);
    case 'escaped in metadata key':
      return chat(ctx, 'nul_bytes', json({ ...body, metadata: { 'k\u0000': 'v\u0000' } }), { kind: 'valid' }, variant);
    case 'escaped in tool name':
      return chat(ctx, 'nul_bytes', json({ ...body, tools: [{ type: 'function', function: { name: 'f\u0000' } }] }), { kind: 'invalid', status: [400] }, variant);
    case 'escaped in stop':
      return chat(ctx, 'nul_bytes', json({ ...body, stop: ['\u0000'] }), { kind: 'valid' }, variant);
    case 'raw at start':
      return chat(ctx, 'nul_bytes', Buffer.concat([Buffer.from([0]), Buffer.from(text)]), { kind: 'invalid', status: [400] }, variant);
  }
}

/** Header values a client can legally send that try to steer, split or reflect our headers. */
function headerInjection(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const variants: Array<[string, Record<string, string | string[]>, Expectation]> = [
    ['workload path', { 'x-nextmodel-workload': '../../etc/passwd' }, { kind: 'valid' }],
    ['workload long', { 'x-nextmodel-workload': 'w'.repeat(int(rng, 65, 8000)) }, { kind: 'either' }],
    ['workload sql', { 'x-nextmodel-workload': "'; drop table receipts; --" }, { kind: 'either' }],
    ['tags flood', { 'x-nextmodel-tags': 'a,'.repeat(int(rng, 10, 4000)) }, { kind: 'valid' }],
    ['tags unicode', { 'x-nextmodel-tags': 'tag\u00e9,\u00ff\u00a0,\u00bf' }, { kind: 'either' }],
    ['cache bogus', { 'x-nextmodel-cache': pick(rng, ['bogus', 'OFF ', 'default,off', '']) }, { kind: 'either' }],
    ['cache ttl absurd', { 'x-nextmodel-cache-ttl': pick(rng, ['-1', '1e309', 'NaN', '99999999999999999999', '0x10', '1.5', ' 60', '']) }, { kind: 'either' }],
    ['cache-control odd', { 'cache-control': pick(rng, ['no-store, max-age=abc', 'no-cache'.repeat(200), 'private, no-transform', '=']) }, { kind: 'either' }],
    ['spoofed request id', { 'x-request-id': `req_spoofed${int(rng, 0, 1e6)}` }, { kind: 'valid' }],
    ['spoofed nextmodel headers', { 'x-nextmodel-receipt-id': 'rcpt_forged', 'x-nextmodel-serve-mode': 'exact_cache', 'x-nextmodel-cost-inr': '0' }, { kind: 'valid' }],
    ['host header', { host: pick(rng, ['evil.example.com', 'evil.example.com:80/../../x', '[::1]:99999', 'a'.repeat(300)]) }, { kind: 'valid' }],
    ['forwarded', { 'x-forwarded-host': 'evil.example.com', 'x-forwarded-proto': 'gopher', forwarded: 'host=evil.example.com' }, { kind: 'valid' }],
    ['encoded CRLF', { 'x-nextmodel-tags': 'a%0d%0aSet-Cookie:%20x=1', 'x-nextmodel-workload': 'w%0d%0ax-injected:1' }, { kind: 'either' }],
    ['huge cookie', { cookie: `c=${'x'.repeat(int(rng, 100, 6000))}` }, { kind: 'valid' }],
    ['many headers', Object.fromEntries(Array.from({ length: int(rng, 20, 90) }, (_, i) => [`x-junk-${i}`, 'v'])), { kind: 'valid' }],
    ['duplicate authorization', { authorization: [`Bearer ${ctx.projectKey}`, `Bearer ${ctx.adminKey}`] }, { kind: 'either' }],
  ];
  const [name, headers, expect] = pick(rng, variants);
  return chat(ctx, 'header_injection', json(baseBody(rng)), expect, name, { headers: { authorization: `Bearer ${ctx.projectKey}`, 'content-type': 'application/json', ...headers } });
}

function bogusContentType(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const type = pick(rng, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/json; charset=utf-16', 'application/octet-stream', 'image/png', 'application/json, text/html', `application/${'j'.repeat(2000)}`, 'application/xml', '*/*', 'application/json;;;', '']);
  // The body is read as bytes whatever the type says; a valid JSON body is a valid request.
  return chat(ctx, 'bogus_content_type', json(baseBody(rng)), { kind: 'either' }, `content-type '${type.slice(0, 40)}'`, {
    headers: { authorization: `Bearer ${ctx.projectKey}`, ...(type ? { 'content-type': type } : {}) },
  });
}

const CONFUSABLE: Record<string, string[]> = {
  a: ['а', 'ɑ', 'ａ', 'α'],
  e: ['е', 'е', 'ｅ', 'ė'],
  o: ['о', 'ο', 'ｏ', '０'],
  c: ['с', 'ϲ', 'ｃ'],
  x: ['х', 'ｘ', '×'],
  s: ['ѕ', 'ｓ'],
  n: ['ո', 'ｎ'],
  d: ['ԁ', 'ｄ'],
  b: ['Ь', 'ｂ'],
  h: ['һ', 'ｈ'],
  p: ['р', 'ｐ'],
  t: ['т', 'ｔ'],
  g: ['ɡ', 'ｇ'],
  '-': ['‐', '‑', '–', '−', '﹣', '－'],
  '.': ['․', '。', '．'],
  '5': ['５', '𝟓'],
};
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u00ad', '\u0301'];

function confusableModels(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const real = pick(rng, ['sandbox-echo', 'sandbox-tools', 'gpt-5.5', 'claude-sonnet-4-5', 'deepseek-flash']);
  const chars = [...real];
  let name: string;
  if (chance(rng, 0.6)) {
    const positions = chars.map((c, i) => (CONFUSABLE[c] ? i : -1)).filter((i) => i >= 0);
    const i = pick(rng, positions);
    chars[i] = pick(rng, CONFUSABLE[chars[i] as string] as string[]);
    name = chars.join('');
  } else if (chance(rng, 0.7)) {
    const i = int(rng, 0, chars.length);
    chars.splice(i, 0, pick(rng, INVISIBLE));
    name = chars.join('');
  } else if (chance(rng, 0.5)) {
    const candidates = [real.replace(/-/g, '\u00a0'), `\u00a0${real}`, `${real}\u3000`, real.replace(/k/g, '\u212a'), real.toUpperCase().replace(/S/g, '\u017f'), `${real}\u0000`, `evil/${real}`, `${real}/../../admin`, `../${real}`];
    // Only those that really differ from the id (a replacement of a letter the id lacks does not).
    name = pick(rng, candidates.filter((c) => /[^\x20-\x7e]/.test(c) || c.includes('/')));
  } else {
    // ASCII spelling variants are the same name on purpose (SPEC §8: case, dots and dashes);
    // served or not, they must never be a 5xx.
    const served = real.startsWith('claude') ? 'gpt-5.5' : real;
    const variant = pick(rng, [`${served} `, ` ${served}`, `${served}\t`, served.toUpperCase(), served.replace(/-/g, '.')]);
    return chat(ctx, 'confusable_models', json({ ...baseBody(rng), model: variant }), { kind: 'either' }, `ascii variant ${JSON.stringify(variant)}`);
  }
  // Every variant differs from the real id in some non-ASCII or structural way: never resolved to it.
  return chat(ctx, 'confusable_models', json({ ...baseBody(rng), model: name }), { kind: 'invalid', status: [400, 404] }, `model ${JSON.stringify(name)}`);
}

function protoPollution(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const head = `"model":"${MODEL}","messages":[{"role":"user","content":"proto ${int(rng, 0, 1e9)}"}]`;
  const variants: Array<[string, string, Expectation]> = [
    ['top-level __proto__', `{${head},"__proto__":{"polluted":true,"stream":true}}`, { kind: 'invalid', status: [400] }],
    ['top-level constructor', `{${head},"constructor":{"prototype":{"polluted":true}}}`, { kind: 'invalid', status: [400] }],
    ['message __proto__', `{"model":"${MODEL}","messages":[{"role":"user","content":"x","__proto__":{"role":"system"}}]}`, { kind: 'invalid', status: [400] }],
    ['metadata __proto__', `{${head},"metadata":{"__proto__":"x","constructor":"y","prototype":"z"}}`, { kind: 'either' }],
    ['logit_bias __proto__', `{${head},"logit_bias":{"__proto__":5,"constructor":1}}`, { kind: 'either' }],
    ['tool parameters __proto__', `{${head},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","__proto__":{"polluted":true},"properties":{"constructor":{"type":"string"},"__proto__":{"type":"object"}}}}}]}`, { kind: 'either' }],
    ['json_schema __proto__', `{${head},"response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"__proto__":{"type":"string"},"toString":{"type":"number"}},"required":["__proto__"]}}}}`, { kind: 'either' }],
    ['provider __proto__', `{${head},"provider":{"__proto__":{"only":["openai"]}}}`, { kind: 'either' }],
    ['stream_options __proto__', `{${head},"stream":true,"stream_options":{"__proto__":{"include_usage":true}}}`, { kind: 'either' }],
  ];
  const [name, text, expect] = pick(rng, variants);
  return chat(ctx, 'proto_pollution', Buffer.from(text, 'utf8'), expect, name);
}

function absurdNumbers(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const variants: Array<[string, string]> = [
    ['temperature', pick(rng, ['1e308', '-1e308', '1e-320', '-0', '2.0000000000000001', '1e400', '-1e400', '0.0000000000000000000000001'])],
    ['top_p', pick(rng, ['1e-320', '-0', '1.0000000000000001', '1e400'])],
    ['max_tokens', pick(rng, ['9007199254740991', '9007199254740993', '1e21', '1e400', '2147483648', '4294967296', '1'])],
    ['max_completion_tokens', pick(rng, ['9007199254740991', '1e15', '1'])],
    ['n', pick(rng, ['1e9', '128', '1.0', '-0'])],
    ['seed', pick(rng, ['-9007199254740991', '9007199254740991', '1e30', '-1e400', '0'])],
    ['top_logprobs', pick(rng, ['1e5', '20', '-1'])],
    ['presence_penalty', pick(rng, ['1e-9', '-2', '2.0000001', '-1e308'])],
    ['logit_bias', pick(rng, ['{"50256":-1e308}', '{"1":1e-320}', '{"1e400":1}', '{"-1":-100}'])],
  ];
  const [field, raw] = pick(rng, variants);
  const text = `{"model":"${MODEL}","messages":[{"role":"user","content":"numbers ${int(rng, 0, 1e9)}"}],"${field}":${raw}${field === 'top_logprobs' ? ',"logprobs":true' : ''}}`;
  return chat(ctx, 'absurd_numbers', Buffer.from(text, 'utf8'), { kind: 'either' }, `${field}=${raw}`);
}

function badAuth(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const auth = pick(rng, [
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'bearer garbage',
    'Basic dXNlcjpwYXNz',
    `Bearer nm_${'x'.repeat(43)}`,
    `Bearer nm_${'x'.repeat(int(rng, 200, 4000))}`,
    `Bearer ${ctx.projectKey}x`,
    `Bearer ${ctx.projectKey.slice(0, -1)}`,
    `Bearer ${ctx.projectKey.toUpperCase()}`,
    `Bearer ${ctx.projectKey} extra`,
    `Bearer nm_admin_${'y'.repeat(43)}`,
    'Bearer nm_\u00ff\u00fe\u00fd',
    `Bearer sk-${'z'.repeat(48)}`,
  ]);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== undefined) headers.authorization = auth;
  return { ...chat(ctx, 'bad_auth', json(baseBody(rng)), { kind: 'invalid', status: [401], code: 'invalid_api_key' }, `authorization ${JSON.stringify(auth?.slice(0, 30))}`), headers };
}

function otherRoutes(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const auth = { authorization: `Bearer ${ctx.projectKey}` };
  const garbage = () => pick(rng, ['%00', '..%2f..%2f', '%0d%0aX-Injected:%201', encodeURIComponent('ｒｃｐｔ'), 'rcpt_' + 'A'.repeat(int(rng, 1, 3000)), '__proto__', 'constructor', '%', '%%', '%E0%A4%A', '%FF%FE', '?', '%23', encodeURIComponent('🙂'.repeat(20))]);
  const variants: Array<() => HostileRequest> = [
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/receipts/${garbage()}`, headers: auth, expect: { kind: 'invalid', status: [400, 404, 414] }, note: 'receipt garbage id' }),
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/receipts/${ctx.ownReceiptId}`, headers: auth, expect: { kind: 'valid' }, note: 'own receipt' }),
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/receipts?limit=${pick(rng, ['-1', '0', '1e9', 'abc', '5'])}&from=${pick(rng, ['garbage', '0', '2026-13-45', ''])}&cursor=${garbage()}`, headers: auth, expect: { kind: 'either' }, note: 'receipts list query' }),
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/usage?group_by=${pick(rng, ['__proto__', 'constructor', 'model', 'key;drop', ''])}&from=${garbage()}`, headers: auth, expect: { kind: 'either' }, note: 'usage query' }),
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/usage/export?format=${pick(rng, ['exe', 'csv', 'jsonl', '__proto__'])}&to=${garbage()}`, headers: auth, expect: { kind: 'either' }, note: 'usage export query' }),
    () => ({ category: 'other_routes', method: 'GET', path: `/v1/models/${garbage()}`, headers: auth, expect: { kind: 'invalid', status: [400, 404, 414] }, note: 'model garbage id' }),
    () => ({ category: 'other_routes', method: pick(rng, ['GET', 'PUT', 'DELETE', 'PATCH'] as const), path: '/v1/chat/completions', headers: auth, expect: { kind: 'invalid', status: [404, 405] }, note: 'wrong method' }),
    () => ({ category: 'other_routes', method: 'GET', path: pick(rng, ['/../../etc/passwd', '/v1/../v1/admin/keys', '//v1//chat//completions', '/v1/chat/completions/../../admin/teams', `/${'a/'.repeat(500)}`, '/v1/%00']), headers: auth, expect: { kind: 'invalid', status: [400, 401, 403, 404] }, note: 'path tricks' }),
    () => ({ category: 'other_routes', method: 'POST', path: '/v1/receipts/verify', headers: { 'content-type': 'application/json' }, body: Buffer.from(pick(rng, ['{}', '[]', 'null', 'garbage', '{"receipt":{"signature":1}}', nested(int(rng, 10, 200_000), 'array', 1), `{"receipt":${nested(5_000, 'object', 1)}}`, '{"__proto__":{"signature":"x"}}'])), expect: { kind: 'either' }, note: 'verify garbage' }),
    () => ({ category: 'other_routes', method: 'POST', path: '/v1/admin/keys', headers: { ...auth, 'content-type': 'application/json' }, body: json({ project_id: 'x' }), expect: { kind: 'invalid', status: [403] }, note: 'admin with a project key' }),
    () => ({ category: 'other_routes', method: 'GET', path: '/v1/key', headers: auth, expect: { kind: 'valid' }, note: 'own key' }),
    () => ({ category: 'other_routes', method: pick(rng, ['HEAD', 'OPTIONS'] as const), path: pick(rng, ['/v1/chat/completions', '/v1/models', '/healthz']), headers: auth, expect: { kind: 'either' }, note: 'head/options' }),
  ];
  return pick(rng, variants)();
}

const GENERATORS: Record<Category, (rng: Rng, ctx: GeneratorContext) => HostileRequest> = {
  bad_json: badJson,
  wrong_types: wrongTypes,
  deep_nesting: deepNesting,
  huge_strings: hugeStrings,
  huge_arrays: hugeArrays,
  oversized,
  invalid_utf8: invalidUtf8,
  nul_bytes: nulBytes,
  header_injection: headerInjection,
  bogus_content_type: bogusContentType,
  confusable_models: confusableModels,
  proto_pollution: protoPollution,
  absurd_numbers: absurdNumbers,
  bad_auth: badAuth,
  other_routes: otherRoutes,
};

/** Relative frequency: the expensive categories (big bodies) are rarer. */
const WEIGHTS: Record<Category, number> = {
  bad_json: 12,
  wrong_types: 12,
  deep_nesting: 4,
  huge_strings: 3,
  huge_arrays: 3,
  oversized: 2,
  invalid_utf8: 8,
  nul_bytes: 8,
  header_injection: 10,
  bogus_content_type: 6,
  confusable_models: 10,
  proto_pollution: 8,
  absurd_numbers: 8,
  bad_auth: 6,
  other_routes: 10,
};

export function generateHostile(rng: Rng, ctx: GeneratorContext): HostileRequest {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  let roll = rng() * total;
  for (const category of CATEGORIES) {
    roll -= WEIGHTS[category];
    if (roll < 0) return GENERATORS[category](rng, ctx);
  }
  return GENERATORS.bad_json(rng, ctx);
}
