import type { MeasuredProcess } from './bench-process.js';
import type { BenchTarget } from './bench-target.js';
import type { LoadResult } from './load/load-result.js';
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

export async function measureRun(scenario: Scenario, target: BenchTarget, mock: MeasuredProcess, tag: string): Promise<RunMetrics> {
  const [before, mockBefore] = await Promise.all([target.process.sample(), mock.sample()]);
  const load = scenario.run(target, tag);
  const peak = scenario.sampleRss ? peakRss(target.process, 100, load) : Promise.resolve(0);
  const result = await load;
  const [after, mockAfter, rssPeak] = await Promise.all([target.process.sample(), mock.sample(), peak]);
  const requests = result.ok + result.errors;
  return {
    ...result,
    rps: result.seconds > 0 ? result.ok / result.seconds : 0,
    cpuMsPerRequest: requests > 0 ? (after.cpuMicros - before.cpuMicros) / 1000 / requests : Number.NaN,
    upstreamRequests: (mockAfter.requests ?? 0) - (mockBefore.requests ?? 0),
    rssBeforeMb: before.rssBytes / MB,
    rssPeakMb: Math.max(rssPeak, after.rssBytes) / MB,
  };
}
