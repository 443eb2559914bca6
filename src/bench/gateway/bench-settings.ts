/**
 * What a gateway bench run does: how long each measurement lasts, how often it repeats, how many
 * slow streams, whether the peer and the ungoverned variant run. Full and quick presets; every
 * field can be overridden (the smoke test shrinks them further).
 */

/** How the mock paces a stream: first content after firstTokenMs, then one token per tokenIntervalMs. */
export interface StreamPacing {
  firstTokenMs: number;
  tokenIntervalMs: number;
  tokens: number;
}

export interface BenchSettings {
  mode: 'full' | 'quick';
  /** Each scenario runs this many times per target; the report gives median and min–max. */
  repeats: number;
  /** Per target, before the first repeat: load that JIT-warms the hot path (not measured). */
  warmupMs: number;
  /** Length of one measured run of a concurrency-1 scenario. */
  serialMs: number;
  /** Length of one measured run of a concurrency-N scenario. */
  concurrentMs: number;
  concurrency: number;
  /** Concurrent slow streams (realistic pacing), opened evenly over slowRampMs. */
  slowStreams: number;
  slowRampMs: number;
  slowPacing: StreamPacing;
  /** A slow-streams run gives up (and counts the rest as failed) after this long. */
  slowTimeoutMs: number;
  /** Receipts already in the store for the "history" scenario (a project's month so far). */
  historyReceipts: number;
  /** Run the Portkey peer baseline (installs it on first use). */
  peer: boolean;
  /** Run the receipts/signing/budgets-off variant of the gateway for the on-vs-off cost. */
  ungoverned: boolean;
  /** Run node-floor, a bare Node.js proxy: what Node's HTTP in and out alone cost here. */
  floor: boolean;
}

export type BenchSettingsInput = Partial<Omit<BenchSettings, 'slowPacing'>> & { slowPacing?: Partial<StreamPacing> };

const FULL: BenchSettings = {
  mode: 'full',
  repeats: 3,
  warmupMs: 2_000,
  serialMs: 3_000,
  concurrentMs: 5_000,
  concurrency: 50,
  slowStreams: 2_000,
  slowRampMs: 1_000,
  // A chat answer as users see it: ~0.8 s to the first token, then ~10 tokens/s for 2 s.
  slowPacing: { firstTokenMs: 800, tokenIntervalMs: 100, tokens: 20 },
  slowTimeoutMs: 60_000,
  // Each reservation re-sums the month's receipts (see docs/performance.md): 10k is enough to show it.
  historyReceipts: 10_000,
  peer: true,
  ungoverned: true,
  floor: true,
};

const QUICK: BenchSettings = {
  mode: 'quick',
  repeats: 1,
  warmupMs: 300,
  serialMs: 400,
  concurrentMs: 600,
  concurrency: 50,
  slowStreams: 100,
  slowRampMs: 100,
  slowPacing: { firstTokenMs: 100, tokenIntervalMs: 20, tokens: 5 },
  slowTimeoutMs: 15_000,
  historyReceipts: 2_000,
  // The peer needs an npm install on first use: opt in with --peer.
  peer: false,
  ungoverned: true,
  floor: true,
};

export function benchSettings(quick: boolean, input: BenchSettingsInput = {}): BenchSettings {
  const base = quick ? QUICK : FULL;
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as BenchSettingsInput;
  return { ...base, ...defined, slowPacing: { ...base.slowPacing, ...input.slowPacing } };
}
