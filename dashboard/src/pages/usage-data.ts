import { api, withQuery } from '../api/client.js';
import type { GroupBy, UsageReport, UsageRow } from '../api/types.js';
import { mapLimit } from '../components/map-limit.js';
import { addDays, daysBetween, istMonthStart, istToday } from '../format/ist.js';

/**
 * What the usage page shows: one grouped report for the range, and the same grouping per time
 * bucket for the chart. The usage API groups by one dimension at a time, so the over-time view
 * asks once per bucket (at most 31 buckets, a few requests in flight).
 */

export const GROUPS: GroupBy[] = ['model', 'provider', 'key', 'project', 'team', 'environment', 'workload', 'serve_mode', 'day'];
export type Preset = '7' | '30' | 'month' | 'custom';

export interface UsageParams {
  groupBy: GroupBy;
  preset: Preset;
  /** Inclusive IST days, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  projectId: string;
  teamId: string;
  keyId: string;
}

export function paramsFrom(query: URLSearchParams, now = Date.now()): UsageParams {
  const groupBy = (GROUPS as string[]).includes(query.get('group_by') ?? '') ? (query.get('group_by') as GroupBy) : 'model';
  const presetRaw = query.get('range');
  const preset: Preset = presetRaw === '7' || presetRaw === '30' || presetRaw === 'month' || presetRaw === 'custom' ? presetRaw : '30';
  const today = istToday(now);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  let from = preset === '7' ? addDays(today, -6) : preset === 'month' ? istMonthStart(now) : addDays(today, -29);
  let to = today;
  if (preset === 'custom') {
    const f = query.get('from') ?? '';
    const t = query.get('to') ?? '';
    if (day.test(f)) from = f;
    if (day.test(t)) to = t;
    if (daysBetween(from, to) < 0) to = from;
  }
  return { groupBy, preset, from, to, projectId: query.get('project_id') ?? '', teamId: query.get('team_id') ?? '', keyId: query.get('key_id') ?? '' };
}

/** The API's range is [from, to): the day after the inclusive end. */
export function apiFilter(p: UsageParams) {
  return { from: p.from, to: addDays(p.to, 1), project_id: p.projectId, team_id: p.teamId, key_id: p.keyId };
}

export function exportHref(p: UsageParams, format: 'csv' | 'jsonl'): string {
  return withQuery('/v1/usage/export', { format, ...apiFilter(p) });
}

export interface Bucket {
  from: string;
  /** Exclusive. */
  to: string;
}

export function bucketsOf(from: string, to: string): Bucket[] {
  const days = daysBetween(from, to) + 1;
  const size = Math.max(1, Math.ceil(days / 31));
  const out: Bucket[] = [];
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, size)) {
    const end = addDays(d, size);
    out.push({ from: d, to: daysBetween(end, addDays(to, 1)) < 0 ? addDays(to, 1) : end });
  }
  return out;
}

export interface UsageData {
  report: UsageReport;
  buckets: Bucket[];
  /** Per bucket, the grouped rows of that bucket. */
  series: UsageRow[][];
}

export async function loadUsage(p: UsageParams): Promise<UsageData> {
  const filter = apiFilter(p);
  const buckets = bucketsOf(p.from, p.to);
  const report = await api<UsageReport>('/v1/usage', { query: { group_by: p.groupBy, ...filter } });
  let series: UsageRow[][];
  if (p.groupBy === 'day') {
    series = buckets.map((b) => report.data.filter((r) => r.group !== null && r.group >= b.from && r.group < b.to).map((r) => ({ ...r, group: 'day' })));
  } else {
    series = await mapLimit(buckets, 6, async (b) => (await api<UsageReport>('/v1/usage', { query: { ...filter, group_by: p.groupBy, from: b.from, to: b.to } })).data);
  }
  return { report, buckets, series };
}
