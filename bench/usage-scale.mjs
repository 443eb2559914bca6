// Usage queries over 1,000,000 receipts on PostgreSQL (issue 11): fills a scratch schema with
// synthetic receipts server-side (generate_series), then times GET /v1/usage's query for every
// group_by, over a month and for one project. Run: npm run build && node bench/usage-scale.mjs
// Env: NEXTMODEL_TEST_POSTGRES_URL (default local), ROWS (default 1000000).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../dist/db/open-database.js';
import { usageReport } from '../dist/usage/usage-report.js';
import { rebuildUsageRollup } from '../dist/usage/usage-rollup.js';

const ADMIN_URL = process.env.NEXTMODEL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.ROWS ?? 1_000_000);
const schema = `nmbench_${randomBytes(5).toString('hex')}`;
const admin = await openDatabase(ADMIN_URL);
await sql`create schema ${sql.id(schema)}`.execute(admin.db);
const url = `${ADMIN_URL}${ADMIN_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const opened = await openDatabase(url);
try {
  await migrateToLatest(opened.db);
  const start = Date.UTC(2026, 9, 1);
  const t0 = performance.now();
  // 20 teams × 5 projects × 4 keys, 8 models, 3 serve modes, spread over 60 days.
  await sql`
    insert into receipts (id, request_id, created_ms, team_id, project_id, key_id, environment, workload, model_requested, model_served, provider,
      serve_mode, usage_source, billing_basis, status, error_code, stream, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens,
      list_cost_uinr, discount_uinr, charged_uinr, upstream_cost_uusd, latency_ms, source_receipt_id, receipt_hash, body)
    select 'rcpt_' || lpad(g::text, 10, '0'), 'req_' || g, ${start}::bigint + (g::bigint * 5184000000 / ${ROWS}),
      'team_' || (g % 20), 'proj_' || (g % 100), 'key_' || (g % 400), (array['prod','staging','dev'])[1 + g % 3], 'wl_' || (g % 7),
      'm' || (g % 8), 'm' || (g % 8), (array['openai','anthropic','deepseek','ark'])[1 + g % 4],
      (array['fresh','fresh','exact_cache'])[1 + g % 3], 'upstream', 'platform', case when g % 50 = 0 then 502 else 200 end, null, 0,
      100 + g % 900, 10 + g % 300, g % 50, 0, 1000 + g % 90000, case when g % 3 = 2 then 900 else 0 end, 1000 + g % 90000, 10 + g % 900, 50 + g % 500, null, 'sha256:x', '{}'
    from generate_series(1, ${ROWS}) g`.execute(opened.db);
  await sql`analyze receipts`.execute(opened.db);
  console.log(`inserted ${ROWS.toLocaleString('en-IN')} receipts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Written around the gateway, so the daily rollup the gateway keeps is built here in one pass.
  const t1 = performance.now();
  await rebuildUsageRollup(opened.db);
  await sql`analyze usage_daily`.execute(opened.db);
  const rollupRows = await sql`select count(*) as n from usage_daily`.execute(opened.db);
  console.log(`rolled up into ${rollupRows.rows[0].n} daily rows in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  const month = { fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 11, 1) };
  const rows = [];
  for (const groupBy of ['day', 'project', 'team', 'key', 'model', 'provider', 'environment', 'workload', 'serve_mode']) {
    for (const [label, filter] of [['all projects, one month', month], ['one project, one month', { ...month, projectId: 'proj_7' }]]) {
      const times = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await usageReport(opened.db, { groupBy, filter });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push({ group_by: groupBy, scope: label, median_ms: Math.round(times[1]), max_ms: Math.round(times[2]) });
    }
  }
  console.table(rows);
} finally {
  await opened.close();
  await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
  await admin.close();
}
