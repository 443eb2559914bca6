import { existsSync, rmSync, watch } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../src/bench/cachesafety/prng.js';
import { cliEnv, startServe, tempDataDir, type ServeProcess } from '../support/cli-process.js';
import { auditStore, type CrashAudit } from './support/crash-audit.js';
import { FaultUpstream } from './support/fault-upstream.js';
import { loadAgent, sendTracked, type ClientRecord } from './support/load-clients.js';

/**
 * Crash durability (SPEC §6: "every response the client received in full has a durable receipt,
 * also across a crash"). A real `node bin/nextmodel.js serve` (dist/, built by `npm test`) on a
 * temp SQLite data dir, in front of a loopback upstream that answers slowly; concurrent clients,
 * streaming and not, record every response they receive in full; the gateway is SIGKILLed
 * mid-load at a seeded random point, restarted, and the store is audited through a direct
 * connection (support/crash-audit.ts defines each outcome precisely):
 *  - every fully received response has exactly one receipt, with the id and status it named;
 *  - every receipt belongs to a request a client sent (by its unique tag), at most one each;
 *    receipts written before the kill but never delivered are allowed and counted;
 *  - budget counters (soft on team and key, hard on project, so reservations exist) equal the
 *    SUM of the receipts per scope and period; after releasing stale reservations (0 ms) nothing
 *    stays reserved; every receipt's signature verifies; no cache entry lacks its receipt;
 *  - PRAGMA integrity_check is ok.
 * Repeated for NEXTMODEL_CRASH_KILLS kills (default 20; 100 when NEXTMODEL_SOAK_MINUTES is set).
 */

const SOAK = Number(process.env.NEXTMODEL_SOAK_MINUTES ?? 0) > 0;
const KILLS = Number(process.env.NEXTMODEL_CRASH_KILLS ?? (SOAK ? 100 : 20));
const SEED = Number(process.env.NEXTMODEL_CRASH_SEED ?? 8_2026);
const CLIENTS = 8;
const TAG = 'crash-';

let upstream: FaultUpstream;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let serve: ServeProcess | null = null;
let projectKey = '';

async function admin(base: string, adminKey: string, method: string, path: string, body?: unknown): Promise<{ id: string; key?: string }> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json()) as { id: string; key?: string };
  if (res.status !== 200 && res.status !== 201) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  // Slow answers, so many requests are mid-flight at any instant: streams pace their events,
  // JSON answers wait before their headers.
  upstream = new FaultUpstream((req) => {
    const n = Number(/#(\d+)/.exec(req.body)?.[1] ?? 0);
    return { kind: 'ok', script: { content: 'one two three four five six seven eight nine ten', usage: { prompt_tokens: 40 + (n % 7), completion_tokens: 10 } }, paceMs: 12, delayMs: 40 + (n % 5) * 20 };
  });
  const url = await upstream.start();
  dataDir = tempDataDir();
  env = cliEnv(dataDir, { OPENAI_API_KEY: 'sk-test-crash-0123456789abcdef', OPENAI_BASE_URL: url });
  serve = await startServe(env);
  const base = serve.banner.url;
  const adminKey = serve.banner.adminKey as string;
  const team = await admin(base, adminKey, 'POST', '/v1/admin/teams', { name: 'crash team' });
  const project = await admin(base, adminKey, 'POST', '/v1/admin/projects', { name: 'crash project', team_id: team.id });
  const key = await admin(base, adminKey, 'POST', '/v1/admin/keys', { project_id: project.id, name: 'crash key' });
  projectKey = key.key as string;
  // Counters on every scope: soft on team and key (alerts only), hard on the project with a cap
  // no test reaches, so every fresh request also holds a reservation until it settles.
  await admin(base, adminKey, 'PATCH', `/v1/admin/teams/${team.id}`, { budget: { daily_inr: '1000', monthly_inr: '10000', mode: 'soft' } });
  await admin(base, adminKey, 'PATCH', `/v1/admin/projects/${project.id}`, { budget: { daily_inr: '100000', monthly_inr: '1000000', mode: 'hard' } });
  await admin(base, adminKey, 'PATCH', `/v1/admin/keys/${key.id}`, { budget: { monthly_inr: '5000', mode: 'soft' } });
}, 60_000);

afterAll(async () => {
  await serve?.stop().catch(() => {});
  await upstream?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** SIGKILL the serve child (by its own handle) and wait until it is gone. */
async function kill(p: ServeProcess): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) resolve();
    else p.child.once('close', () => resolve());
  });
  p.child.kill('SIGKILL');
  await gone;
}

describe('crash durability', () => {
  it(`survives ${KILLS} SIGKILLs under concurrent streaming and JSON load without losing or inventing a receipt`, async () => {
    const rng = prng(SEED);
    const records: ClientRecord[] = [];
    const agent = loadAgent();
    const perRound: string[] = [];
    let seq = 0;
    let last: CrashAudit | null = null;
    const started = Date.now();
    try {
      for (let round = 0; round < KILLS; round++) {
        const p = serve as ServeProcess;
        const base = p.banner.url;
        // The kill point, event-driven (no sleeps): after a random number of responses this round,
        // counted either where clients receive them in full or where the upstream finishes them —
        // the latter lands the kill while the gateway is settling (pricing, the receipt write, the
        // last frames), the window where a receipt can be durable but the response undelivered.
        // Or at the first write to the SQLite WAL (inotify) after the upstream finished the k-th
        // response: most often that response's receipt commit, while the gateway still has the
        // cache write and the last frames to send.
        const roll = rng();
        const walPath = join(dataDir, 'nextmodel.db-wal');
        const trigger = roll < 1 / 3 ? 'client' : roll < 2 / 3 || !existsSync(walPath) ? 'upstream' : 'wal';
        const killAfter = 4 + Math.floor(rng() * 28);
        let completed = 0;
        let answered = 0;
        let walWrites = 0;
        let stop = false;
        let reached!: () => void;
        const reachedKillPoint = new Promise<void>((resolve) => (reached = resolve));
        const fire = () => {
          stop = true;
          reached();
        };
        const unsubscribe = upstream.onAnswered(() => {
          if (++answered >= killAfter && trigger === 'upstream') fire();
        });
        const wal =
          trigger === 'wal'
            ? watch(walPath, () => {
                walWrites++;
                if (answered >= killAfter) fire();
              })
            : null;
        const loops = Array.from({ length: CLIENTS }, async (_, c) => {
          const stream = c % 2 === 1;
          while (!stop) {
            const n = seq++;
            // One in five repeats a shared prompt, so replays (exact_cache receipts) and
            // single-flight followers are part of the load.
            const content = n % 5 === 0 ? `shared prompt ${n % 3}` : `round ${round} request #${n}`;
            const record = await sendTracked(agent, base, projectKey, `${TAG}${n}`, stream, content);
            records.push(record);
            if (record.state === 'complete') completed++;
            // No new requests once the kill point is reached: the ones in flight are the ones it cuts.
            if (trigger === 'client' && completed >= killAfter) fire();
          }
        });
        // Bounded: a gateway that stops answering fails the test instead of hanging it.
        let watchdog: NodeJS.Timeout | undefined;
        const stalled = new Promise<never>((_, reject) => (watchdog = setTimeout(() => reject(new Error(`round ${round}: no kill point (${trigger}) within 30 s: ${completed} received, ${answered} answered upstream, ${walWrites} WAL writes`)), 30_000)));
        try {
          await Promise.race([reachedKillPoint, stalled]);
        } finally {
          clearTimeout(watchdog);
          unsubscribe();
          wal?.close();
        }
        const inFlight = seq - records.length;
        await kill(p);
        await Promise.all(loops); // in-flight requests fail at once: the socket is gone
        serve = null;
        serve = await startServe(env);
        const health = await fetch(`${serve.banner.url}/healthz`);
        expect(health.status).toBe(200);

        const audit = await auditStore(join(dataDir, 'nextmodel.db'), records, TAG);
        last = audit;
        perRound.push(`round ${round}: killed ${trigger === 'client' ? `after ${killAfter} responses received by clients` : trigger === 'upstream' ? `after ${killAfter} responses finished upstream` : `at the first WAL write after ${killAfter} responses finished upstream`}, ${inFlight} requests in flight; ${audit.receipts} receipts, ${audit.delivered} delivered, written-not-delivered ${audit.writtenNotDelivered.ok} ok + ${audit.writtenNotDelivered.failed} failed, ${audit.neverDecided} never decided, ${audit.staleReservationsReleased} stale reservations released`);
        expect(audit.integrity).toBe('ok');
        expect(audit.foreignKeyViolations).toBe(0);
        expect(audit.deliveredMissingReceipt, 'fully received responses without their receipt').toEqual([]);
        expect(audit.deliveredWrongStatus).toEqual([]);
        expect(audit.orphans, 'receipts no request explains').toEqual([]);
        expect(audit.duplicates, 'requests with more than one receipt').toEqual([]);
        expect(audit.badSignatures).toEqual([]);
        expect(audit.counterMismatches, 'spend counters vs SUM(receipts)').toEqual([]);
        expect(audit.counters).toBeGreaterThanOrEqual(5); // team d+m, project d+m, key m
        expect(audit.rollupMismatches, 'daily usage rollup vs the receipts').toEqual([]);
        expect(audit.reservedAfterRelease).toBe(0);
        expect(audit.reservationsLeft).toBe(0);
        expect(audit.cacheEntriesWithoutReceipt).toBe(0);
      }
    } finally {
      await agent.close();
      const total = last;
      console.log(
        [
          `[reliability] crash durability: ${KILLS} SIGKILLs in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED}), ${records.length} requests (${records.filter((r) => r.stream).length} streaming), ${records.filter((r) => r.state === 'complete').length} received in full`,
          ...perRound.map((l) => `  ${l}`),
          total
            ? `  total: ${total.receipts} receipts; receipts lost ${total.deliveredMissingReceipt.length} of ${total.delivered} delivered; orphan receipts ${total.orphans.length}; written but not delivered ${total.writtenNotDelivered.ok} (status 200) + ${total.writtenNotDelivered.failed} (failures); ${total.neverDecided} requests cut before any outcome (no receipt, no charge); ${total.counters} budget counters equal SUM(receipts); integrity_check ${total.integrity}`
            : '  (no round completed)',
        ].join('\n'),
      );
    }
  }, 600_000);
});
