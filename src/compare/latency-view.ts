import type { CatalogModel } from '../catalog/catalog.js';
import { MIN_SAMPLES, type LatencySummary } from '../routing/latency-stats.js';

/**
 * Latency as routing sees it (SPEC §8): live p50/p95 from this replica's traffic once there are
 * enough samples, else the catalog's p50 estimate, else unknown. The origin says which.
 */
export interface LatencyView {
  origin: 'measured' | 'catalog' | null;
  samples: number;
  ttft_ms_p50: number | null;
  total_ms_p50: number | null;
  ttft_ms_p95: number | null;
  total_ms_p95: number | null;
}

export function latencyView(model: CatalogModel, live: LatencySummary): LatencyView {
  if (live.samples >= MIN_SAMPLES && live.total_p50_ms !== null) {
    return {
      origin: 'measured',
      samples: live.samples,
      ttft_ms_p50: live.ttft_p50_ms,
      total_ms_p50: live.total_p50_ms,
      ttft_ms_p95: live.ttft_p95_ms,
      total_ms_p95: live.total_p95_ms,
    };
  }
  const est = model.latency_estimate;
  const known = est.ttft_ms_p50 !== null || est.total_ms_p50 !== null;
  return { origin: known ? 'catalog' : null, samples: live.samples, ttft_ms_p50: est.ttft_ms_p50, total_ms_p50: est.total_ms_p50, ttft_ms_p95: null, total_ms_p95: null };
}
