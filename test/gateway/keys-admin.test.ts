import OpenAI from 'openai';
import { storeText } from '../support/test-store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

let tg: TestGateway;
beforeAll(async () => {
  tg = await startTestGateway();
});
afterAll(async () => tg?.close());

describe('teams, projects and keys through the admin API', () => {
  it('creates a team, project and key; the key works at once and is never shown again', async () => {
    const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name: 'Acme India', gstin: '29ABCDE1234F1Z5', state_code: '29' });
    expect(team.status).toBe(201);
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'chatbot', team_id: team.json.id });
    expect(project.status).toBe(201);
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id, name: 'ci', environment: 'staging', workload: 'support-bot' });
    expect(key.status).toBe(201);
    expect(key.json.key).toMatch(/^nm_[A-Za-z0-9]{43}$/);
    expect(key.json).toMatchObject({ project_id: project.json.id, environment: 'staging', workload: 'support-bot' });

    const client = new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const receipt = (await (await fetch(response.headers.get('x-nextmodel-receipt-url')!, { headers: { authorization: `Bearer ${key.json.key}` } })).json()) as any;
    expect(receipt).toMatchObject({ team_id: team.json.id, project_id: project.json.id, key_id: key.json.id, environment: 'staging', workload: 'support-bot' });

    const listed = await adminCall(tg, 'GET', `/v1/admin/keys?project_id=${project.json.id}`);
    expect(listed.json.data).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(key.json.key);
    expect(listed.json.data[0].display).toMatch(/^nm_.{4}….{4}$/);

    // Revocation takes effect on the very next request.
    const revoked = await adminCall(tg, 'DELETE', `/v1/admin/keys/${key.json.id}`);
    expect(revoked.json.revoked).toBe(true);
    await expect(client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    // The database holds only hashes: no plaintext key anywhere in the file.
    const file = await storeText(tg.dataDir);
    expect(file).toContain(key.json.id);
    for (const secret of [key.json.key, tg.adminKey, tg.projectKey]) expect(file.includes(secret)).toBe(false);
  });

  it('validates admin input and refuses project keys', async () => {
    const bad = await adminCall(tg, 'POST', '/v1/admin/teams', { name: 'x', gstin: 'not-a-gstin' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('gstin');
    const missingProject = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: 'proj_nope' });
    expect(missingProject.status).toBe(400);
    const asProject = await fetch(`${tg.baseUrl}/v1/admin/teams`, { headers: { authorization: `Bearer ${tg.projectKey}` } });
    expect(asProject.status).toBe(403);
    expect(((await asProject.json()) as any).error.code).toBe('permission_denied');
  });

  it('a project key cannot read another project’s receipts', async () => {
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'other' });
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    const other = new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
    const { response } = await other.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'secret' }] }).withResponse();
    const url = response.headers.get('x-nextmodel-receipt-url')!;
    expect((await fetch(url, { headers: { authorization: `Bearer ${tg.projectKey}` } })).status).toBe(404);
    expect((await fetch(url, { headers: { authorization: `Bearer ${key.json.key}` } })).status).toBe(200);
    expect((await fetch(url, { headers: { authorization: `Bearer ${tg.adminKey}` } })).status).toBe(200);
    const mine = (await (await fetch(`${tg.baseUrl}/v1/receipts?limit=100`, { headers: { authorization: `Bearer ${tg.projectKey}` } })).json()) as any;
    expect(mine.data.every((r: any) => r.project_id === tg.projectId)).toBe(true);
  });
});
