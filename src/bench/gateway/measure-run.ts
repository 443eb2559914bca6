import type { ProcessSample } from './bench-ipc.js';
import type { BenchProcess, MeasuredProcess } from './bench-process.js';
import type { BenchTarget } from './bench-target.js';
import type { LoadResult } from './load/load-result.js';
import { listenOverflows } from './proc-sample.js';
import type { Scenario } from './scenarios.js';

/**
 * One measured run: the load, plus what it cost the target process (CPU per request from its
 * CPU-time delta, peak RSS while it ran) and how many calls reached the mock upstream.
 */

export interface RunMetrics extends LoadResult {
  rps: number;
  /** Target process CPU time (user + system) per request, ms. For `direct`: the mock's. */
  cpuMsPerRequest: number;
  /** Requests the mock served during the run: equals `ok` on a miss, ~0 on cache hits. */
  upstreamRequests: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Most paced upstream streams open at once (slow-streams runs): shows any cap on upstream connections. */
  upstreamPeakStreams: number;
  /** Connections the kernel dropped on full listen backlogs during the run (machine-wide; null off Linux). */
  listenOverflows: number | null;
  /** Receipts in the gateway's store when the run started (gateways only). */
  receiptsAtStart: number | null;
  /** SQL statements the gateway ran per request (gateways only). */
  sqlPerRequest: number | null;
  /** Streams of an earlier run still open at the mock when this one started (should be 0). */
  leftoverStreams: number;
}

/** Waits (up to `timeoutMs`) until the mock has no paced stream left from an earlier run. */
async function drainMock(mock: BenchProcess, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = (await mock.sample()).openStreams ?? 0;
    if (open === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const MB = 1024 * 1024;

async function peakRss(process: MeasuredProcess, everyMs: number, until: Promise<unknown>): Promise<number> {
  let peak = 0;
  let done = false;
  const stop = () => (done = true);
  until.then(stop, stop);
  while (!done) {
    peak = Math.max(peak, (await process.sample()).rssBytes);
    await Promise.race([until, new Promise((r) => setTimeout(r, everyMs))]).catch(() => undefined);
  }
  return Math.max(peak, (await process.sample()).rssBytes);
}

export async function measureRun(scenario: Scenario, target: BenchTarget, mock: BenchProcess, tag: string): Promise<RunMetrics> {
  const leftoverStreams = await drainMock(mock, 30_000);
  const mockBefore = (await mock.request({ type: 'sample', resetPeak: true })) as ProcessSample;
  const [before, overflowsBefore] = await Promise.all([target.process.sample(), listenOverflows()]);
  const load = scenario.run(target, tag);
  const peak = scenario.sampleRss ? peakRss(target.process, 100, load) : Promise.resolve(0);
  const result = await load;
  const [after, mockAfter, rssPeak, overflowsAfter] = await Promise.all([target.process.sample(), mock.sample(), peak, listenOverflows()]);
  const requests = result.ok + result.errors;
  return {
    ...result,
    rps: result.seconds > 0 ? result.ok / result.seconds : 0,
    cpuMsPerRequest: requests > 0 ? (after.cpuMicros - before.cpuMicros) / 1000 / requests : Number.NaN,
    upstreamRequests: (mockAfter.requests ?? 0) - (mockBefore.requests ?? 0),
    rssBeforeMb: before.rssBytes / MB,
    rssPeakMb: Math.max(rssPeak, after.rssBytes) / MB,
    upstreamPeakStreams: mockAfter.peakOpenStreams ?? 0,
    listenOverflows: overflowsBefore === null || overflowsAfter === null ? null : overflowsAfter - overflowsBefore,
    receiptsAtStart: before.receipts ?? null,
    sqlPerRequest: before.sqlStatements === undefined || after.sqlStatements === undefined || requests === 0 ? null : (after.sqlStatements - before.sqlStatements) / requests,
    leftoverStreams,
  };
}
