import { rmSync, writeFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { pick, prng } from '../../src/bench/cachesafety/prng.js';
import { cliEnv, startServe, tempDataDir, type ServeProcess } from '../support/cli-process.js';
import { FAULTS, FaultUpstream, type Fault } from './support/fault-upstream.js';
import { generateHostile } from './support/hostile-requests.js';
import { loadAgent, sendTracked } from './support/load-clients.js';
import { openFds, rssOf } from './support/memory.js';

/**
 * Soak (on demand): NEXTMODEL_SOAK_MINUTES=30 npx vitest run test/reliability/soak.test.ts
 *
 * A real `nextmodel serve` child under mixed traffic for the given minutes: fresh JSON and
 * streams, cache replays, upstream faults, client aborts mid-stream, hostile input, read
 * endpoints. Every NEXTMODEL_SOAK_SAMPLE_SECONDS (30) it samples the child's RSS and open file
 * descriptors (/proc/<pid>), its heap floor (the lowest heap in use among readings every 2 s)
 * and the p50/p99 latency of plain fresh JSON requests in the window,
 * prints the series, and asserts no growth trend: the last third of the run is compared with
 * the first third (after a warm-up sample), for memory, descriptors and p99.
 */

const MINUTES = Number(process.env.NEXTMODEL_SOAK_MINUTES ?? 0);
const SAMPLE_MS = Number(process.env.NEXTMODEL_SOAK_SAMPLE_SECONDS ?? 30) * 1000;
const CONCURRENCY = 8;
/** The read endpoints in the mix (comma-separated paths in NEXTMODEL_SOAK_READS to change it). */
const READS = (process.env.NEXTMODEL_SOAK_READS ?? '/v1/models,/v1/receipts?limit=20,/v1/usage?group_by=model,/v1/key,/healthz,/metrics').split(',');
if (!(MINUTES > 0)) console.warn('[soak.test] SKIPPED: the soak runs on demand only. Set NEXTMODEL_SOAK_MINUTES=30 (and optionally NEXTMODEL_SOAK_SAMPLE_SECONDS) to run it.');

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  /** The lowest heap in use seen in the window (polled every 2 s): the live heap after the window's GCs. */
  heapFloorMb: number;
  fds: number;
  requests: number;
  p50: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number));
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);

describe.skipIf(!(MINUTES > 0))('soak', () => {
  let serve: ServeProcess | null = null;
  let upstream: FaultUpstream | null = null;
  let dataDir = '';
  afterAll(async () => {
    await serve?.stop().catch(() => {});
    await upstream?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${MINUTES} minutes of mixed traffic: no memory growth, no descriptor leak, stable p99`, async () => {
    upstream = new FaultUpstream((req) => {
      const fault = /fault:(\w+)/.exec(req.body)?.[1] as Fault | undefined;
      if (fault && (FAULTS as readonly string[]).includes(fault)) return { kind: 'fault', fault };
      return { kind: 'ok', script: { content: 'soak answer with a few words in it', usage: { prompt_tokens: 30, completion_tokens: 8 } }, delayMs: 5, paceMs: 2 };
    });
    const url = await upstream.start();
    dataDir = tempDataDir();
    const configPath = `${dataDir}/soak.yaml`;
    // A 2,000-entry memory cache layer fills within the first minutes, so a plateau is reachable;
    // the faults must keep reaching the upstream, so the circuit breaker stays out of the way.
    writeFileSync(configPath, ['server:', '  body_limit_bytes: 262144', 'cache:', '  memory_entries: 2000', 'providers:', '  openai:', '    timeout_ms: 1500', 'routing:', '  breaker_threshold: 1000', ''].join('\n'));
    serve = await startServe(cliEnv(dataDir, { OPENAI_API_KEY: 'sk-test-soak-0123456789abcdef', OPENAI_BASE_URL: url, NEXTMODEL_CONFIG: configPath }));
    const pid = serve.child.pid as number;
    const base = serve.banner.url;
    const key = serve.banner.projectKey as string;
    const ctx = { projectKey: key, adminKey: serve.banner.adminKey as string, bodyLimit: 4 * 1024 * 1024, ownReceiptId: 'rcpt_none' };
    const agent = loadAgent();
    const rng = prng(30);
    const deadline = Date.now() + MINUTES * 60_000;
    let windowLatencies: number[] = [];
    const counts = { total: 0, fresh: 0, stream: 0, replay: 0, fault: 0, abort: 0, hostile: 0, read: 0, fiveXX: 0 };
    let seq = 0;

    async function one(): Promise<void> {
      const n = seq++;
      const roll = rng();
      counts.total++;
      if (roll < 0.4) {
        counts.fresh++;
        const started = performance.now();
        const r = await sendTracked(agent, base, key, `soak-${n}`, false, `fresh #${n}`);
        if (r.state === 'complete' && r.httpStatus === 200) windowLatencies.push(performance.now() - started);
      } else if (roll < 0.6) {
        counts.stream++;
        await sendTracked(agent, base, key, `soak-${n}`, true, `stream #${n}`);
      } else if (roll < 0.75) {
        counts.replay++;
        await sendTracked(agent, base, key, `soak-${n}`, rng() < 0.5, `replay ${n % 20}`);
      } else if (roll < 0.82) {
        counts.fault++;
        // Hangs cost a timeout each: rarer than the fast faults.
        const fault = pick(rng, FAULTS.filter((f) => !f.startsWith('hang') || rng() < 0.2));
        const r = await sendTracked(agent, base, key, `soak-${n}`, rng() < 0.5, `fault:${fault} #${n}`);
        if (r.httpStatus >= 500 && r.httpStatus !== 502 && r.httpStatus !== 504 && r.httpStatus !== 503) counts.fiveXX++;
      } else if (roll < 0.87) {
        counts.abort++;
        const ac = new AbortController();
        const res = await request(`${base}/v1/chat/completions`, {
          method: 'POST',
          dispatcher: agent,
          signal: ac.signal,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-5.5', stream: true, messages: [{ role: 'user', content: `abort #${n}` }] }),
        }).catch(() => null);
        if (res) {
          try {
            for await (const _ of res.body) {
              ac.abort();
              break;
            }
          } catch {
            // the abort itself
          }
        }
      } else if (roll < 0.94) {
        counts.hostile++;
        const h = generateHostile(prng(n), ctx);
        const res = await request(`${base}${h.path}`, { method: h.method, dispatcher: agent, headers: h.headers, ...(h.body ? { body: h.body } : {}) }).catch(() => null);
        if (res) {
          await res.body.text().catch(() => '');
          if (res.statusCode >= 500 && res.statusCode !== 503) counts.fiveXX++;
        }
      } else {
        counts.read++;
        const path = pick(rng, READS);
        const res = await request(`${base}${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${key}` } }).catch(() => null);
        if (res) {
          await res.body.text().catch(() => '');
          if (res.statusCode >= 500) counts.fiveXX++;
        }
      }
    }

    const samples: Sample[] = [];
    const started = Date.now();
    /** The child's V8 heap in use, from its own Prometheus metrics. */
    const heapOf = async () => {
      const res = await request(`${base}/metrics`, { dispatcher: agent }).catch(() => null);
      const text = res ? await res.body.text() : '';
      const bytes = Number(/^nextmodel_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN);
      return Number.isFinite(bytes) ? Math.round(bytes / 1024 / 1024) : -1;
    };
    // A heap reading at one instant includes garbage not yet collected, and swings by tens of MB
    // between collections; a leak shows as a rising floor, so the window's minimum is compared.
    let windowHeapFloor = Infinity;
    const heapPoller = setInterval(() => {
      void heapOf().then((mb) => {
        if (mb >= 0) windowHeapFloor = Math.min(windowHeapFloor, mb);
      });
    }, 2_000);
    const sample = async () => {
      const sorted = [...windowLatencies].sort((a, b) => a - b);
      windowLatencies = [];
      const t = Math.round((Date.now() - started) / 1000);
      const heapMb = await heapOf();
      const heapFloorMb = Math.min(windowHeapFloor, heapMb >= 0 ? heapMb : Infinity);
      windowHeapFloor = Infinity;
      samples.push({ t, rssMb: rssOf(pid) ?? -1, heapMb, heapFloorMb: Number.isFinite(heapFloorMb) ? heapFloorMb : -1, fds: openFds(pid) ?? -1, requests: counts.total, p50: Math.round(quantile(sorted, 0.5)), p99: Math.round(quantile(sorted, 0.99)) });
    };
    const sampler = setInterval(() => void sample(), SAMPLE_MS);
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < deadline) await one();
        }),
      );
    } finally {
      clearInterval(sampler);
      clearInterval(heapPoller);
    }
    await sample();
    await agent.close();

    console.log(
      [
        `[reliability] soak: ${MINUTES} min, ${counts.total} requests (fresh JSON ${counts.fresh}, stream ${counts.stream}, replays ${counts.replay}, upstream faults ${counts.fault}, client aborts ${counts.abort}, hostile ${counts.hostile}, reads ${counts.read}); unexpected 5xx ${counts.fiveXX}`,
        '     t(s)  rss(MB)  heap(MB)  heap floor(MB)  fds  requests  p50(ms)  p99(ms)',
        ...samples.map((s) => `  ${String(s.t).padStart(6)}  ${String(s.rssMb).padStart(7)}  ${String(s.heapMb).padStart(8)}  ${String(s.heapFloorMb).padStart(14)}  ${String(s.fds).padStart(3)}  ${String(s.requests).padStart(8)}  ${String(s.p50).padStart(7)}  ${String(s.p99).padStart(7)}`),
      ].join('\n'),
    );

    expect(counts.fiveXX).toBe(0);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Trend: the first sample is warm-up (JIT, pools, caches filling); compare the first and last
    // thirds of the rest.
    const steady = samples.slice(1, -1);
    expect(steady.length, 'enough samples for a trend (run longer or sample more often)').toBeGreaterThanOrEqual(3);
    const third = Math.max(1, Math.floor(steady.length / 3));
    const first = steady.slice(0, third);
    const lastPart = steady.slice(-third);
    const rssFirst = median(first.map((s) => s.rssMb));
    const rssLast = median(lastPart.map((s) => s.rssMb));
    expect(rssLast, `RSS ${rssFirst} → ${rssLast} MB`).toBeLessThan(rssFirst * 1.25 + 32);
    const heapFirst = median(first.map((s) => s.heapFloorMb));
    const heapLast = median(lastPart.map((s) => s.heapFloorMb));
    expect(heapLast, `heap floor ${heapFirst} → ${heapLast} MB`).toBeLessThan(heapFirst * 1.25 + 32);
    const fdFirst = median(first.map((s) => s.fds));
    const fdLast = median(lastPart.map((s) => s.fds));
    expect(fdLast, `open fds ${fdFirst} → ${fdLast}`).toBeLessThanOrEqual(fdFirst + 16);
    const p99First = median(first.map((s) => s.p99));
    const p99Last = median(lastPart.map((s) => s.p99));
    expect(p99Last, `p99 ${p99First} → ${p99Last} ms`).toBeLessThan(Math.max(p99First * 2, p99First + 50));
  }, (MINUTES + 3) * 60_000);
});
