import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptsTable } from '../../src/db/schema.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../src/db/open-database.js';
import type { Principal } from '../../src/keys/authenticate.js';
import type { KeyRow, ProjectRow } from '../../src/keys/tenancy-store.js';
import { keyOverview } from '../../src/usage/key-overview.js';
import { countReceipts, receiptPages } from '../../src/usage/receipt-export.js';
import { usageReport } from '../../src/usage/usage-report.js';
import { addToUsageRollup, rebuildUsageRollup, type RollupSource } from '../../src/usage/usage-rollup.js';
import { testDatabase, TEST_STORE, type TestDatabase } from '../support/test-store.js';

/**
 * The usage queries on each store we support, with receipts placed at chosen instants: IST day
 * edges, large µINR sums, NULL groups, keyset pages. SQLite, or PostgreSQL with NEXTMODEL_TEST_STORE=postgres.
 */

const at = (iso: string) => Date.parse(iso);
let seq = 0;

function receipt(over: Partial<Insertable<ReceiptsTable>> & { created_ms: number }): Insertable<ReceiptsTable> {
  seq += 1;
  // Ids sort by time like real ones, with the sequence breaking ties.
  const id = `rcpt_${String(over.created_ms).padStart(15, '0')}_${String(seq).padStart(4, '0')}`;
  return {
    id,
    request_id: `req_${seq}`,
    team_id: 'team_a',
    project_id: 'proj_a',
    key_id: 'key_a1',
    environment: 'prod',
    workload: null,
    model_requested: 'm',
    model_served: 'm',
    provider: 'p',
    serve_mode: 'fresh',
    usage_source: 'upstream',
    billing_basis: 'platform',
    status: 200,
    error_code: null,
    stream: 0,
    prompt_tokens: 10,
    completion_tokens: 5,
    cached_tokens: 0,
    reasoning_tokens: 0,
    list_cost_uinr: 1000,
    discount_uinr: 0,
    charged_uinr: 1000,
    upstream_cost_uusd: 11,
    latency_ms: 3,
    source_receipt_id: null,
    receipt_hash: `sha256:${seq}`,
    body: JSON.stringify({ id }),
    ...over,
  };
}

// Around the IST midnight that starts 2026-12-01 (= 2026-11-30T18:30Z), which is also a month edge.
const ROWS = [
  receipt({ created_ms: at('2026-11-29T20:00:00.000Z'), charged_uinr: 4_000_000_000_000, list_cost_uinr: 4_000_000_000_000 }), // IST 30 Nov 01:30
  receipt({ created_ms: at('2026-11-30T18:29:59.999Z'), charged_uinr: 5_000_000_000_001, list_cost_uinr: 5_000_000_000_001, workload: 'w' }), // IST 30 Nov 23:59:59.999
  receipt({ created_ms: at('2026-11-30T18:30:00.000Z'), key_id: 'key_a2', serve_mode: 'exact_cache', list_cost_uinr: 1000, discount_uinr: 900, charged_uinr: 100 }), // IST 1 Dec 00:00
  receipt({ created_ms: at('2026-12-01T10:00:00.000Z'), status: 404, model_served: null, provider: null, charged_uinr: 0, list_cost_uinr: 0, prompt_tokens: 0, completion_tokens: 0 }),
  receipt({ created_ms: at('2026-12-01T11:00:00.000Z'), team_id: 'team_b', project_id: 'proj_b', key_id: 'key_b1', charged_uinr: 7, list_cost_uinr: 7 }),
];

describe(`usage SQL on ${TEST_STORE}`, () => {
  let opened: OpenedDatabase;
  let scratch: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nextmodel-usage-sql-'));
    scratch = await testDatabase(dir);
    opened = await openDatabase(scratch.url ?? 'sqlite::memory:');
    await migrateToLatest(opened.db);
    // As the gateway writes them: each receipt and its rollup row in one transaction.
    for (const row of ROWS) {
      await opened.db.transaction().execute(async (trx) => {
        await trx.insertInto('receipts').values(row).execute();
        await addToUsageRollup(trx, row as RollupSource);
      });
    }
  });
  afterAll(async () => {
    await opened?.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('buckets by IST calendar day, across the day and month edge', async () => {
    const report = await usageReport(opened.db, { groupBy: 'day', filter: {} });
    expect(report.data.map((r) => [r.group, r.requests, r.charged_inr])).toEqual([
      ['2026-11-30', 2, '9000000.000001'],
      ['2026-12-01', 3, '0.000107'],
    ]);
  });

  it('sums large µINR exactly, counts errors, keeps NULL groups, and saved counts only replays', async () => {
    const report = await usageReport(opened.db, { groupBy: 'model', filter: {} });
    expect(report.totals).toEqual({
      requests: 5,
      errors: 1,
      prompt_tokens: 40,
      completion_tokens: 20,
      cached_tokens: 0,
      reasoning_tokens: 0,
      list_cost_inr: '9000000.001008',
      charged_inr: '9000000.000108',
      saved_by_cache_inr: '0.000900',
    });
    expect(report.data.map((r) => [r.group, r.requests])).toEqual([
      ['m', 4],
      [null, 1],
    ]);
    const byWorkload = await usageReport(opened.db, { groupBy: 'workload', filter: {} });
    expect(byWorkload.data.map((r) => [r.group, r.charged_inr])).toEqual([
      ['w', '5000000.000001'],
      [null, '4000000.000107'],
    ]);
  });

  it('filters: [from, to) on created time, and project, team, key', async () => {
    const edge = at('2026-11-30T18:30:00.000Z');
    const before = await usageReport(opened.db, { groupBy: 'team', filter: { toMs: edge } });
    expect(before.totals.requests).toBe(2);
    const after = await usageReport(opened.db, { groupBy: 'team', filter: { fromMs: edge } });
    expect(after.data.map((r) => [r.group, r.requests])).toEqual([
      ['team_a', 2],
      ['team_b', 1],
    ]);
    expect((await usageReport(opened.db, { groupBy: 'key', filter: { projectId: 'proj_a', keyId: 'key_a2' } })).totals.charged_inr).toBe('0.000100');
    expect((await usageReport(opened.db, { groupBy: 'key', filter: { teamId: 'team_b' } })).totals.charged_inr).toBe('0.000007');
  });

  it('any range, whole days or not, sums exactly what the receipts in it sum to', async () => {
    // Every boundary around the rows (and ±1 ms of each), so ranges start and end inside days, on
    // IST midnights and on the rows themselves; the oracle filters ROWS in plain JS.
    const instants = [...new Set(ROWS.flatMap((r) => [r.created_ms - 1, r.created_ms, r.created_ms + 1]).concat([at('2026-11-29T18:30:00.000Z'), at('2026-12-01T18:30:00.000Z'), at('2026-11-01T00:00:00.000Z')]))].sort((a, b) => a - b);
    let checked = 0;
    for (const from of [undefined, ...instants]) {
      for (const to of [...instants, undefined]) {
        if (from !== undefined && to !== undefined && from >= to) continue;
        const inRange = ROWS.filter((r) => (from === undefined || r.created_ms >= from) && (to === undefined || r.created_ms < to));
        const report = await usageReport(opened.db, { groupBy: 'key', filter: { ...(from === undefined ? {} : { fromMs: from }), ...(to === undefined ? {} : { toMs: to }) } });
        const label = `[${String(from)}, ${String(to)})`;
        expect(report.totals.requests, label).toBe(inRange.length);
        expect(BigInt(report.totals.charged_inr.replace('.', '')), label).toBe(inRange.reduce((sum, r) => sum + BigInt(r.charged_uinr ?? 0), 0n));
        const perKey = new Map<string, number>();
        for (const r of inRange) perKey.set(r.key_id, (perKey.get(r.key_id) ?? 0) + 1);
        expect(Object.fromEntries(report.data.map((d) => [d.group, d.requests])), label).toEqual(Object.fromEntries(perKey));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rebuilding the rollup from the receipts gives the rows the inserts built', async () => {
    const snapshot = async () =>
      (await opened.db.selectFrom('usage_daily').selectAll().orderBy(['project_id', 'day', 'key_id', 'serve_mode', 'workload', 'model_served']).execute()).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])),
      );
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThanOrEqual(4);
    await rebuildUsageRollup(opened.db);
    expect(await snapshot()).toEqual(incremental);
  });

  it('pages receipts by id: each exactly once, in order, whatever the page size', async () => {
    for (const size of [1, 2, 4, 5, 1000]) {
      const pages: string[][] = [];
      for await (const page of receiptPages(opened.db, { projectId: 'proj_a' }, size)) pages.push(page);
      expect(pages.every((p) => p.length <= size)).toBe(true);
      const ids = pages.flat().map((b) => (JSON.parse(b) as { id: string }).id);
      expect(ids).toEqual(ROWS.filter((r) => r.project_id === 'proj_a').map((r) => r.id));
    }
    expect(await countReceipts(opened.db, { projectId: 'proj_a' })).toBe(4);
    expect(await countReceipts(opened.db, { fromMs: at('2030-01-01T00:00:00Z') })).toBe(0);
  });

  it("GET /v1/key's spend: today and this month are IST periods", async () => {
    const key = { id: 'key_a1', kind: 'project', project_id: 'proj_a', name: 'k', environment: 'prod', workload: null, key_hash: '', prefix: 'nm_…', budget_json: JSON.stringify({ daily_uinr: 4_500_000_000_000, monthly_uinr: null, mode: 'hard' }), rate_limit_json: null, created_ms: 0, revoked_ms: null } satisfies KeyRow;
    const project = { id: 'proj_a', team_id: 'team_a', name: 'p', cache_mode: 'on', canonical_cache: 0, cache_ttl_seconds: null, budget_json: null, rate_limit_json: null, created_ms: 0, deleted_ms: null } satisfies ProjectRow;
    const principal: Principal = { kind: 'project', key, project, team: null };
    // One ms before the IST midnight: both 30 Nov rows are "today" and "this month".
    const late = await keyOverview(opened.db, principal, at('2026-11-30T18:29:59.999Z'));
    expect('spend' in late && late.spend).toMatchObject({
      key: { today_inr: '9000000.000001', month_inr: '9000000.000001' },
      team: { today_inr: '9000000.000001', month_inr: '9000000.000001' },
    });
    expect('budget_left' in late && late.budget_left.key).toEqual({ daily_inr: '0.000000', monthly_inr: null, mode: 'hard' });
    expect('limit_reset' in late && late.limit_reset).toEqual({ daily: '2026-12-01T00:00:00+05:30', monthly: '2026-12-01T00:00:00+05:30' });
    // At the IST midnight a new day and month start: key_a1 has spent nothing yet.
    const midnight = await keyOverview(opened.db, principal, at('2026-12-01T12:00:00.000Z'));
    expect('spend' in midnight && midnight.spend).toMatchObject({
      key: { today_inr: '0.000000', month_inr: '0.000000' },
      project: { today_inr: '0.000100', month_inr: '0.000100' },
      team: { today_inr: '0.000100', month_inr: '0.000100' },
    });
    expect('budget_left' in midnight && midnight.budget_left.key).toEqual({ daily_inr: '4500000.000000', monthly_inr: null, mode: 'hard' });
    expect('limit_reset' in midnight && midnight.limit_reset).toEqual({ daily: '2026-12-02T00:00:00+05:30', monthly: '2027-01-01T00:00:00+05:30' });
  });
});
