// Does `serve --workers N` scale with cores? (issue 7's multi-core mode.) Starts the real binary
// against the bench's loopback mock upstream, everything governed (hard budget, rate limit, cache
// on, signed receipts), and drives fresh non-streaming requests at concurrency 50 with the bench's
// closed-loop client: SQLite (one process, the default), PostgreSQL + Redis with 1 worker, and
// with 2 workers, each repeated and interleaved. Prints req/s (median, min–max) and the ratio of
// 2 workers to 1. Run: npm run build && node bench/workers-scale.mjs
// Env: NEXTMODEL_TEST_POSTGRES_URL, NEXTMODEL_TEST_REDIS_URL, REPEATS (3), DURATION_MS (5000).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../dist/db/open-database.js';
import { startMock } from '../dist/bench/gateway/start-targets.js';
import { concurrentJson } from '../dist/bench/gateway/load/concurrent-json.js';
import { chatRequestBody } from '../dist/bench/gateway/bench-wire.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const PG = process.env.NEXTMODEL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.NEXTMODEL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REPEATS = Number(process.env.REPEATS ?? 3);
const DURATION_MS = Number(process.env.DURATION_MS ?? 5_000);
const CONCURRENCY = 50;

const ticks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
const children = (pid) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

async function startServe(variant, mockPort) {
  const dataDir = mkdtempSync(join(tmpdir(), 'nm-workers-bench-'));
  const env = { ...process.env, NEXTMODEL_DATA_DIR: dataDir, NEXTMODEL_PORT: '0', NEXTMODEL_HOST: '127.0.0.1', NEXTMODEL_LOG_LEVEL: 'warn', OPENAI_API_KEY: 'sk-bench-upstream-0000000000000000', OPENAI_BASE_URL: `http://127.0.0.1:${mockPort}/v1` };
  let schema = null;
  let admin = null;
  if (variant.store === 'postgres') {
    schema = `nmwbench_${randomBytes(5).toString('hex')}`;
    admin = await openDatabase(PG);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    Object.assign(env, { NEXTMODEL_DATABASE_URL: `${PG}${PG.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`, NEXTMODEL_REDIS_URL: REDIS, NEXTMODEL_WORKERS: String(variant.workers) });
  }
  const child = spawn(process.execPath, [...(process.env.SERVE_EXEC_ARGV ? process.env.SERVE_EXEC_ARGV.split(' ') : []), join(ROOT, 'bin', 'nextmodel.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready. Press Ctrl+C to stop.')) resolve();
    });
  });
  const origin = /listening on (http:\/\/\S+)/.exec(out)[1];
  const adminKey = /admin key:\s+(\S+)/.exec(out)[1];
  const projectKey = /project key:\s+(\S+)/.exec(out)[1];
  const projectId = (await (await fetch(`${origin}/v1/key`, { headers: { authorization: `Bearer ${projectKey}` } })).json()).project.id;
  // Governed like the main bench: a hard monthly budget and a rate limit far above the load.
  const patch = await fetch(`${origin}/v1/admin/projects/${projectId}`, { method: 'PATCH', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ budget: { monthly_inr: 10_000_000, mode: 'hard' }, rate_limit: { rpm: 10_000_000 } }) });
  if (patch.status !== 200) throw new Error(`PATCH project: ${patch.status}`);
  const target = { name: 'gateway', origin, path: '/v1/chat/completions', headers: { authorization: `Bearer ${projectKey}` } };
  const pids = () => [child.pid, ...children(child.pid)];
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    if (admin) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { target, pids, stop };
}

const variants = [
  { name: 'sqlite, 1 process', store: 'sqlite', workers: 1 },
  { name: 'postgres+redis, 1 worker', store: 'postgres', workers: 1 },
  { name: 'postgres+redis, 2 workers', store: 'postgres', workers: 2 },
].filter((v) => !process.env.ONLY || v.name.startsWith(process.env.ONLY));
const mock = await startMock();
const results = new Map(variants.map((v) => [v.name, []]));
const tag = `w${Date.now().toString(36)}`;
let n = 0;
try {
  for (let r = 0; r < REPEATS; r++) {
    for (const v of variants) {
      const serve = await startServe(v, mock.port);
      try {
        await concurrentJson(serve.target, () => chatRequestBody(`${tag} warm ${n++}`, false), CONCURRENCY, 1_500);
        const pids = serve.pids();
        const before = pids.reduce((a, p) => a + ticks(p), 0);
        const run = await concurrentJson(serve.target, () => chatRequestBody(`${tag} ${n++}`, false), CONCURRENCY, DURATION_MS);
        const cpuMs = ((pids.reduce((a, p) => a + ticks(p), 0) - before) * 10) / run.ok;
        const rps = run.ok / run.seconds;
        results.get(v.name).push({ rps, cpuMs, errors: run.errors });
        process.stderr.write(`  ${v.name} #${r + 1}: ${Math.round(rps)} req/s, ${cpuMs.toFixed(2)} ms CPU/req (gateway processes), ${run.errors} errors\n`);
      } finally {
        await serve.stop();
      }
    }
  }
} finally {
  await mock.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(`\nserve --workers: fresh non-streaming, concurrency ${CONCURRENCY}, ${REPEATS} × ${DURATION_MS} ms each, ${cpus().length} cores (shared with the load generator, the mock, PostgreSQL and Redis)\n`);
for (const v of variants) {
  const rs = results.get(v.name);
  const rps = rs.map((x) => x.rps);
  process.stdout.write(`  ${v.name.padEnd(28)} ${String(Math.round(median(rps))).padStart(6)} req/s (${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))})  ${median(rs.map((x) => x.cpuMs)).toFixed(2)} ms CPU/req  errors ${rs.reduce((a, x) => a + x.errors, 0)}\n`);
}
if (variants.length < 3) process.exit(0);
const one = median(results.get('postgres+redis, 1 worker').map((x) => x.rps));
const two = median(results.get('postgres+redis, 2 workers').map((x) => x.rps));
process.stdout.write(`  2 workers ÷ 1 worker: ${(two / one).toFixed(2)}×\n`);
