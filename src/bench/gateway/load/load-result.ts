import { ascending, percentile } from '../stats.js';

/** What one load run measured, client side. Times in ms. */
export interface LoadResult {
  ok: number;
  errors: number;
  seconds: number;
  /** Whole-response time (non-streaming) or whole-stream time (streaming). */
  p50Ms: number;
  p99Ms: number;
  /** Streams only: time to the first content chunk. */
  ttftP50Ms?: number;
  ttftP99Ms?: number;
  /** The first failure seen, to explain a non-zero error count. */
  firstError?: string;
}

/** Collects per-request observations and summarises them. */
export class LoadRecorder {
  ok = 0;
  errors = 0;
  firstError: string | undefined;
  private readonly latencies: number[] = [];
  private readonly ttfts: number[] = [];

  success(latencyMs: number, ttftMs?: number): void {
    this.ok++;
    this.latencies.push(latencyMs);
    if (ttftMs !== undefined) this.ttfts.push(ttftMs);
  }

  failure(reason: string): void {
    this.errors++;
    this.firstError ??= reason;
  }

  result(seconds: number): LoadResult {
    const lat = ascending(this.latencies);
    const ttft = ascending(this.ttfts);
    return {
      ok: this.ok,
      errors: this.errors,
      seconds,
      p50Ms: percentile(lat, 50),
      p99Ms: percentile(lat, 99),
      ...(ttft.length ? { ttftP50Ms: percentile(ttft, 50), ttftP99Ms: percentile(ttft, 99) } : {}),
      ...(this.firstError ? { firstError: this.firstError } : {}),
    };
  }
}
