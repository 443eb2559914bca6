import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Bad input gets a documented 4xx with an OpenAI-shaped body, never crashes the process, and
 * never writes a charged receipt.
 */

let tg: TestGateway;
beforeAll(async () => {
  tg = await startTestGateway({ server: { body_limit_bytes: 64 * 1024 } });
});
afterAll(async () => tg?.close());

async function post(body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await request(`${tg.baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tg.projectKey}`, 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(text) as { error: { message: string; type: string; param: string | null; code: string } } };
}

const valid = { model: 'sandbox-echo', messages: [{ role: 'user', content: 'hi' }] };

const cases: Array<{ name: string; body: Buffer | string; headers?: Record<string, string>; status: number; code?: string; param?: string | null }> = [
  { name: 'malformed JSON', body: '{"model": "sandbox-echo", "messages": [', status: 400, code: 'invalid_request_error' },
  { name: 'JSON that is not an object', body: '[1,2,3]', status: 400 },
  { name: 'empty body', body: '', status: 400 },
  { name: 'messages of the wrong type', body: JSON.stringify({ model: 'sandbox-echo', messages: 'hi' }), status: 400, param: 'messages' },
  { name: 'temperature as a string', body: JSON.stringify({ ...valid, temperature: 'hot' }), status: 400, param: 'temperature' },
  { name: 'unknown top-level field', body: JSON.stringify({ ...valid, temprature: 0.5 }), status: 400, param: 'temprature' },
  { name: 'unknown field inside a message', body: JSON.stringify({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'hi', colour: 'red' }] }), status: 400, param: 'messages[0].colour' },
  { name: 'unknown role', body: JSON.stringify({ model: 'sandbox-echo', messages: [{ role: 'wizard', content: 'hi' }] }), status: 400, param: 'messages[0].role' },
  { name: 'missing model', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }), status: 400, param: 'model' },
  { name: 'unknown model', body: JSON.stringify({ ...valid, model: 'gpt-9000' }), status: 404, code: 'model_not_found', param: 'model' },
  { name: 'retired model names its replacement', body: JSON.stringify({ ...valid, model: 'o4-mini' }), status: 404, code: 'model_not_found' },
  { name: 'unicode confusable model name', body: JSON.stringify({ ...valid, model: 'sandbox-ecһo' }), status: 404, code: 'model_not_found' },
  { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from('{"model":"sandbox-echo","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]), status: 400 },
  { name: 'body over the limit', body: JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] }), status: 413, code: 'request_too_large' },
  { name: 'both max_tokens and max_completion_tokens', body: JSON.stringify({ ...valid, max_tokens: 5, max_completion_tokens: 5 }), status: 400, param: 'max_tokens' },
  { name: 'a bogus content type is still parsed strictly', body: 'model=sandbox-echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 400 },
  { name: 'deep nesting in a JSON schema field is just data, but garbage in messages is rejected', body: JSON.stringify({ ...valid, messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }), status: 400 },
];

describe('bad input', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      const res = await post(c.body, c.headers);
      expect(res.status).toBe(c.status);
      expect(res.json.error).toEqual(expect.objectContaining({ message: expect.any(String), type: expect.any(String) }));
      expect(res.json.error).toHaveProperty('param');
      expect(res.json.error).toHaveProperty('code');
      if (c.code) expect(res.json.error.code).toBe(c.code);
      if (c.param !== undefined) expect(res.json.error.param).toBe(c.param);
      expect(res.headers['x-request-id']).toMatch(/^req_/);
    });
  }

  it('a retired model’s 404 names the replacement', async () => {
    const res = await post(JSON.stringify({ ...valid, model: 'o4-mini' }));
    expect(res.json.error.message).toMatch(/retired.*Use '[\w.-]+'/);
  });

  it('missing, garbage and revoked keys are 401 invalid_api_key', async () => {
    for (const auth of [undefined, 'Bearer', 'Bearer garbage', 'Basic abc', `Bearer nm_${'x'.repeat(43)}`]) {
      const res = await request(`${tg.baseUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(valid) });
      expect(res.statusCode).toBe(401);
      expect(((await res.body.json()) as any).error.code).toBe('invalid_api_key');
    }
  });

  it('an admin key cannot send inference (403 permission_denied)', async () => {
    const res = await post(JSON.stringify(valid), { authorization: `Bearer ${tg.adminKey}` });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('permission_denied');
  });

  it('none of it charged anything, and the process still serves', async () => {
    const rows = await tg.gateway.services.db.selectFrom('receipts').select(['status', 'charged_uinr']).execute();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r) => Number(r.charged_uinr) === 0 && r.status >= 400)).toBe(true);
    const ok = await post(JSON.stringify(valid));
    expect(ok.status).toBe(200);
  });
});
