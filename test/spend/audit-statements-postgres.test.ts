import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/audit-log.js';
import { verifyAuditChain } from '../../src/audit/audit-verify.js';
import { getStatement } from '../../src/billing/statements/get-statement.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../../src/db/open-database.js';
import type { Database } from '../../src/db/schema.js';
import { istMonth, istMonthRange, istMonthStart } from '../../src/util/ist-periods.js';
import { fleetServicesAvailable } from '../scale-out/fleet.js';
import { TEST_POSTGRES_URL } from '../support/test-store.js';

/**
 * The audit chain and invoice numbering on PostgreSQL, where appenders really run in parallel
 * (several pools, several connections each), in a scratch schema of the test PostgreSQL.
 */

// The machine's PostgreSQL by default; skipped (loudly) only when unreachable, and never under CI.
const unavailable = await fleetServicesAvailable();
if (unavailable) {
  if (process.env.CI) throw new Error(`PostgreSQL audit suite needs PostgreSQL under CI: ${unavailable}`);
  console.warn(`[skip] PostgreSQL audit suite: ${unavailable}`);
}
const PG_URL: string | undefined = unavailable ? undefined : TEST_POSTGRES_URL;
const schema = `nm_audit_test_${randomBytes(5).toString('hex')}`;
const scoped = () => `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
let admin: OpenedDatabase;
const pools: OpenedDatabase[] = [];

describe.skipIf(!PG_URL)('audit chain and invoice serials on PostgreSQL', () => {
  beforeAll(async () => {
    admin = await openDatabase(PG_URL!);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    for (let i = 0; i < 3; i++) pools.push(await openDatabase(scoped()));
    await migrateToLatest(pools[0]!.db);
  });
  afterAll(async () => {
    for (const p of pools) await p.close();
    if (admin) {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    }
  });
  const db = (i: number): Kysely<Database> => pools[i % pools.length]!.db;

  it('60 concurrent appends from three pools keep one valid chain; an edit is found', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => appendAudit(db(i), { actor: 'system', action: 'test.append', target: `t${i}`, after: { i } })));
    expect(await verifyAuditChain(db(0))).toMatchObject({ ok: true, entries: 60 });
    await db(0).updateTable('audit_log').set({ actor: 'forged' }).where('seq', '=', 17).execute();
    expect(await verifyAuditChain(db(1))).toMatchObject({ ok: false, firstBadSeq: 17 });
    await db(0).updateTable('audit_log').set({ actor: 'system' }).where('seq', '=', 17).execute();
    expect(await verifyAuditChain(db(1))).toMatchObject({ ok: true, entries: 60 });
  });

  it('concurrent first fetches of closed months: one invoice per team, consecutive unique serials, sums exact', async () => {
    let ms = istMonthStart(Date.now());
    ms = istMonthStart(istMonthStart(ms - 1) - 1);
    const month = istMonth(ms);
    const [start] = istMonthRange(month);
    const teams = Array.from({ length: 5 }, (_, i) => ({ id: `team_pg${i}`, name: `PG ${i}`, gstin: null, state_code: i % 2 ? '29' : '27', budget_json: null, rate_limit_json: null, created_ms: start, deleted_ms: null }));
    await db(0).insertInto('teams').values(teams).execute();
    for (const [i, team] of teams.entries()) {
      await db(0).insertInto('projects').values({ id: `proj_pg${i}`, team_id: team.id, name: 'p', cache_mode: 'on', canonical_cache: 0, cache_ttl_seconds: null, budget_json: null, rate_limit_json: null, created_ms: start, deleted_ms: null }).execute();
      for (const [j, charged] of [4_000_000_000_001, 2_500_000].entries()) {
        await db(0)
          .insertInto('receipts')
          .values({
            id: `rcpt_pg${i}_${j}`, request_id: `req_${i}_${j}`, created_ms: start + 1000 + j, team_id: team.id, project_id: `proj_pg${i}`, key_id: 'key_x', environment: 'prod', workload: null,
            model_requested: 'm', model_served: 'm', provider: 'p', serve_mode: j ? 'exact_cache' : 'fresh', usage_source: 'upstream', billing_basis: 'platform', status: 200, error_code: null, stream: 0,
            prompt_tokens: 1, completion_tokens: 1, cached_tokens: 0, reasoning_tokens: 0, list_cost_uinr: charged, discount_uinr: 0, charged_uinr: charged, upstream_cost_uusd: 0, latency_ms: 1,
            source_receipt_id: null, receipt_hash: 'h', body: '{}',
          })
          .execute();
      }
    }
    const gst = { rate_pct: 18, supplier_gstin: null, supplier_state_code: '29' };
    const fetches = teams.flatMap((team, i) => [0, 1, 2].map((k) => getStatement(db(i + k), { team, month, nowMs: Date.now(), gst, actor: 'test' })));
    const statements = await Promise.all(fetches);
    const numbers = new Map<string, Set<string>>();
    for (const s of statements) {
      expect(s.totals.charged_uinr).toBe(4_000_002_500_001);
      expect(s.totals.taxable_value_uinr).toBe(4_000_002_500_000);
      numbers.set(s.team_id, (numbers.get(s.team_id) ?? new Set()).add(s.invoice!.number));
    }
    for (const set of numbers.values()) expect(set.size).toBe(1);
    const serials = (await db(0).selectFrom('statements').select('serial').orderBy('serial').execute()).map((r) => Number(r.serial));
    expect(serials).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyAuditChain(db(2))).toMatchObject({ ok: true, entries: 65 });
  });
});
