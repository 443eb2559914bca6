import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../support/test-gateway.js';
import { formatMicroForTest, istDayOf, micro } from './receipt-sums.js';
import { getJson, seedTraffic, type Seeded, type TestReceipt } from './seed-traffic.js';

/** GET /v1/key: the calling key, its limits, and spend that equals the receipt sums. */

interface Money {
  today_inr: string;
  month_inr: string;
}
interface KeyBody {
  object: string;
  id: string;
  kind: string;
  name: string;
  environment?: string;
  workload?: string | null;
  project?: { id: string; name: string };
  team?: { id: string; name: string };
  rate_limits?: Record<'key' | 'project' | 'team', { rpm: number | null; tpm: number | null } | null>;
  budgets?: Record<'key' | 'project' | 'team', { daily_inr: string | null; monthly_inr: string | null; mode: string } | null>;
  spend?: Record<'key' | 'project' | 'team', Money>;
  budget_left?: Record<'key' | 'project' | 'team', { daily_inr: string | null; monthly_inr: string | null; mode: string } | null>;
  period?: { time_zone: string; today: string; month: string };
  limit_reset?: { daily: string; monthly: string };
}

let s: Seeded;
beforeAll(async () => {
  s = await seedTraffic();
  const [k0] = s.keys;
  // Limits are set after the traffic, so enforcement (another module) cannot change what was charged.
  expect((await adminCall(s.tg, 'PATCH', `/v1/admin/keys/${k0!.id}`, { budget: { daily_inr: '100', mode: 'hard' }, rate_limit: { rpm: 600, tpm: 100000 } })).status).toBe(200);
  expect((await adminCall(s.tg, 'PATCH', `/v1/admin/projects/${k0!.projectId}`, { budget: { monthly_inr: '0.000001', mode: 'soft' } })).status).toBe(200);
  expect((await adminCall(s.tg, 'PATCH', `/v1/admin/teams/${k0!.teamId}`, { budget: { daily_inr: 50, monthly_inr: '1000.5' } })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await s?.tg.close();
  await s?.mock.stop();
});

const charged = (rs: TestReceipt[]) => formatMicroForTest(rs.reduce((a, r) => a + micro(r.charged_inr), 0n));

function expectedSpend(rs: TestReceipt[], now: number): Money {
  const today = istDayOf(new Date(now).toISOString());
  return { today_inr: charged(rs.filter((r) => istDayOf(r.created) === today)), month_inr: charged(rs.filter((r) => istDayOf(r.created).slice(0, 7) === today.slice(0, 7))) };
}

describe('GET /v1/key', () => {
  it('a project key: identity, project, team, limits, spend equal to the receipt sums, budget left, resets', async () => {
    const k0 = s.keys[0]!;
    const { status, json } = await getJson<KeyBody>(s.tg, '/v1/key', k0.key);
    const now = Date.now();
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: 'key',
      id: k0.id,
      kind: 'project',
      name: 'key 0.0',
      environment: 'prod',
      workload: 'chatbot',
      project: { id: k0.projectId, name: 'Usage project 0' },
      team: { id: k0.teamId, name: 'Usage team 0' },
      rate_limits: { key: { rpm: 600, tpm: 100000 }, project: null, team: null },
      budgets: {
        key: { daily_inr: '100.000000', monthly_inr: null, mode: 'hard' },
        project: { daily_inr: null, monthly_inr: '0.000001', mode: 'soft' },
        team: { daily_inr: '50.000000', monthly_inr: '1000.500000', mode: 'hard' },
      },
    });
    expect(json).not.toHaveProperty('key');

    const spend = {
      key: expectedSpend(s.receipts.filter((r) => r.key_id === k0.id), now),
      project: expectedSpend(s.receipts.filter((r) => r.project_id === k0.projectId), now),
      team: expectedSpend(s.receipts.filter((r) => r.team_id === k0.teamId), now),
    };
    expect(json.spend).toEqual(spend);
    expect(micro(spend.key.today_inr)).toBeGreaterThan(0n);
    expect(micro(spend.project.month_inr)).toBeGreaterThan(micro(spend.key.month_inr));

    const left = (cap: string, spent: string) => formatMicroForTest(micro(cap) - micro(spent));
    expect(json.budget_left).toEqual({
      key: { daily_inr: left('100.000000', spend.key.today_inr), monthly_inr: null, mode: 'hard' },
      // Spent past a soft cap: nothing left, never negative.
      project: { daily_inr: null, monthly_inr: '0.000000', mode: 'soft' },
      team: { daily_inr: left('50.000000', spend.team.today_inr), monthly_inr: left('1000.500000', spend.team.month_inr), mode: 'hard' },
    });

    const today = istDayOf(new Date(now).toISOString());
    expect(json.period).toEqual({ time_zone: 'Asia/Kolkata', today, month: today.slice(0, 7) });
    expect(json.limit_reset!.daily).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+05:30$/);
    expect(json.limit_reset!.monthly).toMatch(/^\d{4}-\d{2}-01T00:00:00\+05:30$/);
    const untilDaily = Date.parse(json.limit_reset!.daily) - now;
    expect(untilDaily).toBeGreaterThan(0);
    expect(untilDaily).toBeLessThanOrEqual(86_400_000);
    expect(Date.parse(json.limit_reset!.monthly)).toBeGreaterThanOrEqual(Date.parse(json.limit_reset!.daily));
    expect(json.limit_reset!.monthly.slice(0, 7)).not.toBe(today.slice(0, 7));
  });

  it('a key without budgets has none to show; spend is still its own', async () => {
    const k3 = s.keys[3]!;
    const { json } = await getJson<KeyBody>(s.tg, '/v1/key', k3.key);
    expect(json.budgets).toEqual({ key: null, project: null, team: null });
    expect(json.budget_left).toEqual({ key: null, project: null, team: null });
    expect(json.rate_limits).toEqual({ key: null, project: null, team: null });
    expect(json.spend!.key).toEqual(expectedSpend(s.receipts.filter((r) => r.key_id === k3.id), Date.now()));
    expect(json.spend!.team).toEqual(expectedSpend(s.receipts.filter((r) => r.team_id === k3.teamId), Date.now()));
  });

  it('an admin key: its id and kind, nothing tenant-specific', async () => {
    const { status, json } = await getJson<KeyBody>(s.tg, '/v1/key');
    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'key', kind: 'admin' });
    expect(json.id).toMatch(/^key_/);
    for (const field of ['project', 'team', 'spend', 'budgets', 'budget_left', 'rate_limits']) expect(json).not.toHaveProperty(field);
  });

  it('needs a valid key', async () => {
    const res = await fetch(`${s.tg.baseUrl}/v1/key`, { headers: { authorization: 'Bearer nm_not_a_real_key' } });
    expect(res.status).toBe(401);
  });
});
