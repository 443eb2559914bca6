import OpenAI from 'openai';
import { storeText } from '../support/test-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../src/providers/ssrf-guard.js';
import { MockUpstream } from '../support/mock-upstream.js';
import { openaiResponder } from '../support/openai-responder.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** BYOK (SPEC §7): sealed at rest, never returned, billed as byok, no SSRF. */

const BYOK_KEY = 'sk-byok-tenant-secret-9f8e7d6c5b4a3210';
const PLATFORM_KEY = 'sk-platform-key-00112233445566';
let platform: MockUpstream;
let tenant: MockUpstream;
let tenantUrl: string;

beforeAll(async () => {
  platform = new MockUpstream(openaiResponder({ content: 'platform answer', usage: { prompt_tokens: 1000, completion_tokens: 1000 } }));
  tenant = new MockUpstream(openaiResponder({ content: 'tenant answer', usage: { prompt_tokens: 1000, completion_tokens: 1000 } }));
  await platform.start().then((u) => (platformUrl = u));
  tenantUrl = await tenant.start();
});
let platformUrl = '';
afterAll(async () => {
  await platform?.stop();
  await tenant?.stop();
});

describe('BYOK', () => {
  let tg: TestGateway;
  afterAll(async () => tg?.close());

  it('routes the project to its own key and base URL, bills byok at the fee, never shows or stores the key in plaintext', async () => {
    tg = await startTestGateway({
      providers: { openai: { api_key: PLATFORM_KEY, base_url: platformUrl } },
      billing: { byok_fee_pct: 5 },
      security: { allow_private_upstreams: true },
    });
    const put = await adminCall(tg, 'PUT', `/v1/admin/projects/${tg.projectId}/providers/openai`, { api_key: BYOK_KEY, base_url: tenantUrl });
    expect(put.status).toBe(200);
    expect(put.json.api_key).toBe('…3210');
    expect(JSON.stringify(put.json)).not.toContain(BYOK_KEY);
    const list = await adminCall(tg, 'GET', `/v1/admin/projects/${tg.projectId}/providers`);
    expect(JSON.stringify(list.json)).not.toContain(BYOK_KEY);

    const client = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'byok' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('tenant answer');
    expect(tenant.requests.at(-1)!.headers.authorization).toBe(`Bearer ${BYOK_KEY}`);
    expect(platform.requests).toHaveLength(0);
    expect(response.headers.get('x-nextmodel-billing-basis')).toBe('byok');
    const receipt = (await (await fetch(response.headers.get('x-nextmodel-receipt-url')!, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
    expect(receipt.billing_basis).toBe('byok');
    const micro = (s: string) => BigInt(s.replace('.', ''));
    expect(micro(receipt.upstream_cost_usd)).toBeGreaterThan(0n);
    expect(micro(receipt.charged_inr)).toBe((micro(receipt.list_cost_inr) * 5n + 50n) / 100n);

    // Another project of the same gateway still uses the platform key.
    const other = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'no-byok' });
    const otherKey = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: other.json.id });
    const c2 = new OpenAI({ apiKey: otherKey.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const r2 = await c2.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'platform' }] }).withResponse();
    expect(r2.data.choices[0]!.message.content).toBe('platform answer');
    expect(r2.response.headers.get('x-nextmodel-billing-basis')).toBe('platform');

    // Nothing in the data dir (database, WAL) holds the BYOK key or any API key in plaintext.
    const stored = await storeText(tg.dataDir);
    expect(stored).toContain('…3210'.slice(1));
    for (const secret of [BYOK_KEY, tg.projectKey, tg.adminKey, otherKey.json.key]) expect(stored.includes(secret), 'the store contains a secret').toBe(false);

    expect((await adminCall(tg, 'DELETE', `/v1/admin/projects/${tg.projectId}/providers/openai`)).json.deleted).toBe(true);
    const after = await client.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'byok gone' }] });
    expect(after.choices[0]!.message.content).toBe('platform answer');
  });

  it('refuses loopback, private and link-local base URLs unless the admin allows them, and project keys entirely', async () => {
    const strict = await startTestGateway();
    try {
      for (const url of ['http://127.0.0.1:9/v1', 'https://127.0.0.1/v1', 'https://10.1.2.3/v1', 'https://169.254.169.254/latest', 'https://[::1]/v1', 'https://localhost/v1', 'ftp://example.com']) {
        const res = await adminCall(strict, 'PUT', `/v1/admin/projects/${strict.projectId}/providers/openai`, { api_key: BYOK_KEY, base_url: url });
        expect(res.status, url).toBe(400);
        expect(res.json.error.param).toBe('base_url');
      }
      const asProject = await fetch(`${strict.baseUrl}/v1/admin/projects/${strict.projectId}/providers/openai`, { method: 'PUT', headers: { authorization: `Bearer ${strict.projectKey}` }, body: JSON.stringify({ api_key: BYOK_KEY }) });
      expect(asProject.status).toBe(403);
    } finally {
      await strict.close();
    }
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
