import OpenAI from 'openai';
import { expect } from 'vitest';
import { adminCall, startTestGateway, type TestGateway } from '../../support/test-gateway.js';

/**
 * A gateway with real traffic for the dashboard: the bootstrap project plus a second team and
 * project, requests through the official `openai` SDK to the offline `sandbox-echo` model — a
 * long prompt (so spend is in rupees, not paise), exact-cache replays, a streamed call, and an
 * error (unknown model) — and a budget with Indian digit grouping to show.
 */

export interface DashboardSeed {
  tg: TestGateway;
  /** The second project and its key: a project-key sign-in must see only this one. */
  other: { teamId: string; projectId: string; projectName: string; key: string };
}

export async function seedDashboard(): Promise<DashboardSeed> {
  const tg = await startTestGateway();
  const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name: 'Bharat Retail', gstin: '27ABCDE1234F1Z5', state_code: '27' });
  const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'Support bot', team_id: team.json.id });
  const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id, name: 'support-prod', environment: 'prod', workload: 'support' });
  expect(key.status).toBe(201);
  expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${tg.projectId}`, { budget: { daily_inr: '5000', monthly_inr: '150000', mode: 'hard' } })).status).toBe(200);
  expect((await adminCall(tg, 'PATCH', `/v1/admin/teams/${team.json.id}`, { budget: { monthly_inr: '1234567.5', mode: 'soft' } })).status).toBe(200);

  const main = new OpenAI({ apiKey: tg.projectKey, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
  const other = new OpenAI({ apiKey: key.json.key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0 });
  const ask = (client: OpenAI, content: string, model = 'sandbox-echo') => client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

  const long = `Summarise this policy clause by clause. ${'The customer may return goods within thirty days of delivery. '.repeat(1500)}`;
  for (const content of [long, 'What is GST?', 'नमस्ते, आज मौसम कैसा है?', 'Explain exact caching in one line.']) {
    expect((await ask(main, content)).response.headers.get('x-nextmodel-serve-mode')).toBe('fresh');
  }
  // Replays of identical requests: served from the verified exact cache, billed at the discount.
  for (const content of [long, 'What is GST?', long]) {
    expect((await ask(main, content)).response.headers.get('x-nextmodel-serve-mode')).toBe('exact_cache');
  }
  await expect(ask(main, 'hello', 'no-such-model-anywhere')).rejects.toMatchObject({ status: 404 });
  const stream = await main.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'stream me' }], stream: true, stream_options: { include_usage: true } });
  for await (const chunk of stream) void chunk;

  for (const content of ['Where is my order?', 'Where is my order?', 'Refund status for order 42']) await ask(other, content);

  return { tg, other: { teamId: team.json.id, projectId: project.json.id, projectName: 'Support bot', key: key.json.key } };
}
