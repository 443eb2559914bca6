import { percentOf } from '../../billing/cost.js';
import { formatMicro, mulDivRound, parseMicro, toMicroScaled } from '../../billing/money.js';
import type { ReceiptRow } from './receipts-file.js';

/**
 * What exact and canonical caching served and saved on a team's real traffic, from its receipts.
 * Receipts carry no prompt text, so repeats are found by `request_hash` (the exact-cache key,
 * which already includes project, provider and model): a request is a *repeat opportunity* when
 * an earlier complete 200 answer with the same hash is within the TTL. Repeats that went fresh
 * anyway are "left unserved" (cache off, opted out, write-only, evicted…). Canonical-only
 * repeats cannot be found without text; their served count comes from serve_mode.
 */

export interface WorkloadOptions {
  ttlS: number;
  discountPct: number;
  usdInr: number;
}

interface Tally {
  requests: number;
  served_exact: number;
  served_canonical: number;
  repeat_opportunities: number;
  unserved_repeats: number;
  repeats_beyond_ttl: number;
  list: number;
  charged: number;
  saved: number;
  missed: number;
}

const STORABLE = new Set(['stop', 'tool_calls', 'length']);
const empty = (): Tally => ({ requests: 0, served_exact: 0, served_canonical: 0, repeat_opportunities: 0, unserved_repeats: 0, repeats_beyond_ttl: 0, list: 0, charged: 0, saved: 0, missed: 0 });

export function analyseWorkload(rows: readonly ReceiptRow[], o: WorkloadOptions) {
  const sorted = [...rows].sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
  const total = empty();
  const perProject = new Map<string, Tally>();
  const storedAt = new Map<string, number>();
  const seenHash = new Set<string>();
  for (const r of sorted) {
    const t = perProject.get(r.project_id) ?? empty();
    perProject.set(r.project_id, t);
    const at = Date.parse(r.created);
    const [list, charged] = [parseMicro(r.list_cost_inr), parseMicro(r.charged_inr)];
    const served = r.serve_mode === 'exact_cache' || r.serve_mode === 'canonical_cache';
    const hash = r.request_hash;
    const entry = hash === null ? undefined : storedAt.get(hash);
    const opportunity = entry !== undefined && at - entry <= o.ttlS * 1000;
    for (const x of [total, t]) {
      x.requests++;
      x.list += list;
      x.charged += charged;
      if (r.serve_mode === 'exact_cache') x.served_exact++;
      if (r.serve_mode === 'canonical_cache') x.served_canonical++;
      if (served) x.saved += list - charged;
      if (opportunity) x.repeat_opportunities++;
      if (opportunity && !served && r.status === 200) {
        x.unserved_repeats++;
        x.missed += percentOf(list, o.discountPct);
      }
      if (hash !== null && seenHash.has(hash) && !opportunity && !served) x.repeats_beyond_ttl++;
    }
    if (hash !== null) seenHash.add(hash);
    // Only a fresh, complete 200 answer creates an entry (SPEC §5.3); a replay does not restart its TTL.
    if (hash !== null && !served && r.status === 200 && STORABLE.has(r.finish_reason ?? '')) storedAt.set(hash, at);
  }
  const usd = (uinr: number) => formatMicro(mulDivRound(BigInt(Math.max(0, uinr)), 1_000_000n, toMicroScaled(o.usdInr)));
  const per1k = (x: Tally) => (x.requests ? Number(mulDivRound(BigInt(x.saved), 1000n, BigInt(x.requests))) : 0);
  const view = (x: Tally) => ({
    requests: x.requests,
    served_exact: x.served_exact,
    served_canonical: x.served_canonical,
    repeat_opportunities: x.repeat_opportunities,
    unserved_repeats: x.unserved_repeats,
    repeats_beyond_ttl: x.repeats_beyond_ttl,
    list_cost: { inr: formatMicro(x.list), usd: usd(x.list) },
    charged: { inr: formatMicro(x.charged), usd: usd(x.charged) },
    saved: { inr: formatMicro(x.saved), usd: usd(x.saved) },
    saved_per_1k: { inr: formatMicro(per1k(x)), usd: usd(per1k(x)) },
    saving_rate: x.list === 0 ? null : x.saved / x.list,
    missed_saving: { inr: formatMicro(x.missed), usd: usd(x.missed) },
  });
  return { ttl_s: o.ttlS, exact_cache_discount_pct: o.discountPct, usd_inr: o.usdInr, total: view(total), projects: Object.fromEntries([...perProject].map(([k, v]) => [k, view(v)])) };
}

export type WorkloadReport = ReturnType<typeof analyseWorkload>;

export function renderWorkload(w: WorkloadReport): string {
  const t = w.total;
  const rate = t.saving_rate === null ? '–' : `${(100 * t.saving_rate).toFixed(1)}%`;
  return [
    `Workload: ${t.requests} requests (TTL ${w.ttl_s} s, replay discount ${w.exact_cache_discount_pct}%)`,
    `  served: ${t.served_exact} exact_cache, ${t.served_canonical} canonical_cache`,
    `  repeats within TTL: ${t.repeat_opportunities}; left unserved: ${t.unserved_repeats}; repeats past TTL: ${t.repeats_beyond_ttl}`,
    `  list cost ₹${t.list_cost.inr} ($${t.list_cost.usd}); charged ₹${t.charged.inr}; saved ₹${t.saved.inr} ($${t.saved.usd}) = ${rate}; ₹${t.saved_per_1k.inr} per 1K requests`,
    `  unserved repeats would have saved another ₹${t.missed_saving.inr} ($${t.missed_saving.usd})`,
  ].join('\n') + '\n';
}
