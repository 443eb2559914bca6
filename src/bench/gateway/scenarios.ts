import type { BenchSettings } from './bench-settings.js';
import type { BenchTarget, TargetName } from './bench-target.js';
import { chatRequestBody } from './bench-wire.js';
import { concurrentJson } from './load/concurrent-json.js';
import type { LoadResult } from './load/load-result.js';
import { serialJson } from './load/serial-json.js';
import { closedLoopStreams, openStreams } from './load/stream-client.js';
import type { MockMode } from './mock-upstream-server.js';

/**
 * The scenarios of issue 7, each a load shape plus the targets it runs against. Every request of
 * a "fresh" scenario is unique (a run tag and a counter in the user message), so it misses the
 * cache; the cache scenario repeats one request that was answered once before the runs. Each
 * scenario starts on freshly started gateways (empty stores); the "history" one first fills the
 * stores with a month of receipts, since a budget reservation reads them.
 */

export interface Scenario {
  id: string;
  title: string;
  kind: 'json' | 'stream';
  concurrency: number;
  mock: MockMode;
  targets: readonly TargetName[];
  /** Sample the target's RSS during the run (peak memory under many open streams). */
  sampleRss: boolean;
  /** The request the cache scenario repeats; warmed once per target before the runs. */
  cachedBody?: string;
  /** Receipts of history added to each gateway's store before the runs. */
  seedReceipts?: number;
  run(target: BenchTarget, tag: string): Promise<LoadResult>;
}

const ALL: readonly TargetName[] = ['direct', 'gateway', 'gateway-ungoverned', 'node-floor', 'portkey'];

export function scenarios(s: BenchSettings, runTag: string): Scenario[] {
  const instant: MockMode = { kind: 'instant' };
  const c = s.concurrency;
  const unique = (tag: string, stream: boolean) => (n: number) => chatRequestBody(`${tag} ${n}`, stream);
  const cachedBody = chatRequestBody(`${runTag} cached`, false);
  return [
    {
      id: 'fresh-json-c1',
      title: 'fresh, non-streaming, concurrency 1',
      kind: 'json',
      concurrency: 1,
      mock: instant,
      targets: ALL,
      sampleRss: false,
      run: (t, tag) => serialJson(t, unique(tag, false), s.serialMs),
    },
    {
      id: `fresh-json-c${c}`,
      title: `fresh, non-streaming, concurrency ${c}`,
      kind: 'json',
      concurrency: c,
      mock: instant,
      targets: ALL,
      sampleRss: false,
      run: (t, tag) => concurrentJson(t, unique(tag, false), c, s.concurrentMs),
    },
    {
      id: 'fresh-stream-c1',
      title: 'fresh, streaming, concurrency 1',
      kind: 'stream',
      concurrency: 1,
      mock: instant,
      targets: ['direct', 'gateway', 'node-floor', 'portkey'],
      sampleRss: false,
      run: (t, tag) => closedLoopStreams(t, unique(tag, true), 1, s.serialMs),
    },
    {
      id: `fresh-stream-c${c}`,
      title: `fresh, streaming, concurrency ${c}`,
      kind: 'stream',
      concurrency: c,
      mock: instant,
      targets: ALL,
      sampleRss: false,
      run: (t, tag) => closedLoopStreams(t, unique(tag, true), c, s.concurrentMs),
    },
    {
      id: `cache-hit-json-c${c}`,
      title: `exact-cache hits, non-streaming, concurrency ${c} (direct: the mock answers every one)`,
      kind: 'json',
      concurrency: c,
      mock: instant,
      targets: ['direct', 'gateway', 'gateway-ungoverned'],
      sampleRss: false,
      cachedBody,
      run: (t) => concurrentJson(t, cachedBody, c, s.concurrentMs),
    },
    {
      id: `fresh-json-c${c}-history`,
      title: `fresh, non-streaming, concurrency ${c}, the project already has ${s.historyReceipts} receipts this month`,
      kind: 'json',
      concurrency: c,
      mock: instant,
      targets: ['direct', 'gateway', 'gateway-ungoverned'],
      sampleRss: false,
      seedReceipts: s.historyReceipts,
      run: (t, tag) => concurrentJson(t, unique(tag, false), c, s.concurrentMs),
    },
    {
      id: `slow-streams-${s.slowStreams}`,
      title: `${s.slowStreams} concurrent slow streams (first token ${s.slowPacing.firstTokenMs} ms, then ${s.slowPacing.tokens} tokens every ${s.slowPacing.tokenIntervalMs} ms)`,
      kind: 'stream',
      concurrency: s.slowStreams,
      mock: { kind: 'paced', pacing: s.slowPacing },
      targets: ['direct', 'gateway', 'node-floor', 'portkey'],
      sampleRss: true,
      run: (t, tag) => openStreams(t, unique(tag, true), s.slowStreams, s.slowRampMs, s.slowTimeoutMs),
    },
  ];
}
