/**
 * Live latency per provider/model from real traffic: the last N samples of time to first token
 * and total time, with p50/p95. In-process (each replica learns from its own traffic).
 */

const WINDOW = 200;
/** Samples needed before live numbers replace the catalog estimate. */
export const MIN_SAMPLES = 5;

interface Series {
  ttft: number[];
  total: number[];
}

export interface LatencySummary {
  samples: number;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
  total_p50_ms: number | null;
  total_p95_ms: number | null;
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
}

export class LatencyStats {
  private readonly series = new Map<string, Series>();

  record(modelId: string, ttftMs: number | null, totalMs: number): void {
    let s = this.series.get(modelId);
    if (!s) {
      s = { ttft: [], total: [] };
      this.series.set(modelId, s);
    }
    if (ttftMs !== null) push(s.ttft, ttftMs);
    push(s.total, totalMs);
  }

  summary(modelId: string): LatencySummary {
    const s = this.series.get(modelId);
    return {
      samples: s?.total.length ?? 0,
      ttft_p50_ms: percentile(s?.ttft ?? [], 50),
      ttft_p95_ms: percentile(s?.ttft ?? [], 95),
      total_p50_ms: percentile(s?.total ?? [], 50),
      total_p95_ms: percentile(s?.total ?? [], 95),
    };
  }
}

function push(values: number[], v: number): void {
  values.push(v);
  if (values.length > WINDOW) values.shift();
}
