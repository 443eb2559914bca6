import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedGroups, GROUP_BYS, istDayOf, numbersOf, sumReceipts, type UsageNumbers } from './receipt-sums.js';
import { FORMULA_WORKLOAD, getJson, seedTraffic, type Seeded, type TestReceipt } from './seed-traffic.js';

/**
 * GET /v1/usage against real traffic: for every grouping, each group and the totals equal the
 * sums computed here from the receipts themselves, to the µINR. Project keys see only their project.
 */

interface UsageBody {
  object: string;
  group_by: string;
  data: Array<UsageNumbers & { group: string | null; name?: string | null }>;
  totals: UsageNumbers;
}
interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

let s: Seeded;

const usage = (query: string, apiKey?: string) => getJson<UsageBody>(s.tg, `/v1/usage?${query}`, apiKey);

function expectMatches(body: UsageBody, receipts: TestReceipt[], groupBy: (typeof GROUP_BYS)[number]) {
  const expected = expectedGroups(receipts, groupBy);
  const actual = new Map(body.data.map((row) => [row.group, numbersOf(row)]));
  expect(actual).toEqual(expected);
  expect(body.data).toHaveLength(expected.size);
  expect(body.totals).toEqual(sumReceipts(receipts));
}

beforeAll(async () => {
  s = await seedTraffic();
}, 60_000);
afterAll(async () => {
  await s?.tg.close();
  await s?.mock.stop();
});

describe('seeded traffic', () => {
  it('has what the groupings need to be meaningful: replays, errors, two providers, cached and reasoning tokens, labels', () => {
    const r = s.receipts;
    expect(r).toHaveLength(25);
    expect(r.filter((x) => x.serve_mode === 'exact_cache').length).toBeGreaterThanOrEqual(5);
    expect(r.some((x) => x.serve_mode === 'exact_cache' && x.discount_inr !== '0.000000')).toBe(true);
    expect(new Set(r.filter((x) => x.status >= 400).map((x) => x.status))).toEqual(new Set([404, 502]));
    expect(new Set(r.map((x) => x.provider))).toEqual(new Set(['sandbox', 'openai', null]));
    expect(r.some((x) => x.usage.cached > 0) && r.some((x) => x.usage.reasoning > 0)).toBe(true);
    expect(new Set(r.map((x) => x.workload))).toEqual(new Set(['chatbot', 'batch', 'summarise', FORMULA_WORKLOAD, null]));
    expect(new Set(r.map((x) => x.environment))).toEqual(new Set(['prod', 'staging', 'dev']));
    expect(new Set(r.map((x) => x.key_id)).size).toBe(4);
  });
});

describe('GET /v1/usage as admin', () => {
  it.each(GROUP_BYS)('group_by=%s: every group and the totals equal the receipt sums exactly', async (groupBy) => {
    const { status, json } = await usage(`group_by=${groupBy}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'usage', group_by: groupBy });
    expectMatches(json, s.receipts, groupBy);
  });

  it('names keys, projects and teams; days are IST calendar days in order', async () => {
    const byKey = (await usage('group_by=key')).json;
    expect(byKey.data.map((r) => r.name).sort()).toEqual(['key 0.0', 'key 0.1', 'key 1.0', 'key 1.1']);
    const byDay = (await usage('group_by=day')).json;
    expect(byDay.data.map((r) => r.group)).toEqual([...new Set(s.receipts.map((r) => istDayOf(r.created)))].sort());
  });

  it('filters by project, team, key and time range', async () => {
    const [p0, p1] = s.projects;
    const k3 = s.keys[3]!;
    expectMatches((await usage(`group_by=model&project_id=${p0}`)).json, s.receipts.filter((r) => r.project_id === p0), 'model');
    expectMatches((await usage(`group_by=key&team_id=${s.teams[1]}`)).json, s.receipts.filter((r) => r.team_id === s.teams[1]), 'key');
    expectMatches((await usage(`group_by=serve_mode&key_id=${k3.id}&project_id=${p1}`)).json, s.receipts.filter((r) => r.key_id === k3.id), 'serve_mode');

    const times = s.receipts.map((r) => Date.parse(r.created)).sort((a, b) => a - b);
    const mid = times[Math.floor(times.length / 2)]!;
    const last = times[times.length - 1]!;
    const inRange = s.receipts.filter((r) => Date.parse(r.created) >= mid && Date.parse(r.created) < last);
    expect(inRange.length).toBeGreaterThan(0);
    const ranged = await usage(`group_by=workload&from=${new Date(mid).toISOString()}&to=${last}`);
    expect(ranged.status).toBe(200);
    expectMatches(ranged.json, inRange, 'workload');

    // A bare date is an IST day: from the first receipt's IST day to the day after the last one is everything.
    const dayAfter = new Date(Date.parse(`${istDayOf(new Date(last).toISOString())}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expectMatches((await usage(`group_by=day&from=${istDayOf(new Date(times[0]!).toISOString())}&to=${dayAfter}`)).json, s.receipts, 'day');
    // And an empty range is zero, not an error.
    const empty = await usage('group_by=team&from=2001-01-01&to=2001-01-02');
    expect(empty.json.data).toEqual([]);
    expect(empty.json.totals).toEqual(sumReceipts([]));
  });
});

describe('GET /v1/usage as a project key', () => {
  it.each(GROUP_BYS)('group_by=%s: a project key sees exactly its project', async (groupBy) => {
    for (const key of s.keys) {
      const { status, json } = await usage(`group_by=${groupBy}`, key.key);
      expect(status).toBe(200);
      expectMatches(json, s.receipts.filter((r) => r.project_id === key.projectId), groupBy);
    }
  });

  it("asking for another project or team is 403; another project's key matches nothing; its own ids are fine", async () => {
    const [k0, , k2] = s.keys;
    const other = await getJson<ErrorBody>(s.tg, `/v1/usage?project_id=${k2!.projectId}`, k0!.key);
    expect(other.status).toBe(403);
    expect(other.json.error).toMatchObject({ code: 'permission_denied', type: 'permission_error' });
    expect(other.json.error.message).toContain('project_id');
    const otherTeam = await getJson<ErrorBody>(s.tg, `/v1/usage?team_id=${k2!.teamId}`, k0!.key);
    expect(otherTeam.status).toBe(403);
    expect(otherTeam.json.error.message).toContain('team_id');

    const foreignKey = await usage(`group_by=key&key_id=${k2!.id}`, k0!.key);
    expect(foreignKey.status).toBe(200);
    expect(foreignKey.json.data).toEqual([]);
    expect(foreignKey.json.totals.requests).toBe(0);

    const own = await usage(`group_by=key&project_id=${k0!.projectId}&team_id=${k0!.teamId}&key_id=${k0!.id}`, k0!.key);
    expectMatches(own.json, s.receipts.filter((r) => r.key_id === k0!.id), 'key');
  });
});

describe('GET /v1/usage validation', () => {
  it.each([
    ['group_by=colour', 'group_by'],
    ['from=yesterday', 'from'],
    ['to=2026-02-30', 'to'],
    ['from=2026-11-02&to=2026-11-01', 'to'],
    ['project_id=', 'project_id'],
    ['colour=blue', 'colour'],
  ])('%s → 400 naming %s', async (query, param) => {
    const { status, json } = await getJson<ErrorBody>(s.tg, `/v1/usage?${query}`);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(json.error.message).toContain(param);
  });

  it('needs a key', async () => {
    const res = await fetch(`${s.tg.baseUrl}/v1/usage`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_api_key');
  });
});
