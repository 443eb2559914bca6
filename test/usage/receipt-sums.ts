import type { TestReceipt } from './seed-traffic.js';

/**
 * What GET /v1/usage must answer, computed independently from the receipts themselves: BigInt
 * sums of the six-decimal ₹ strings, grouped by reading the receipt's own fields.
 */

export const GROUP_BYS = ['key', 'project', 'team', 'model', 'provider', 'environment', 'workload', 'serve_mode', 'day'] as const;
export type TestGroupBy = (typeof GROUP_BYS)[number];

export interface UsageNumbers {
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  list_cost_inr: string;
  charged_inr: string;
  saved_by_cache_inr: string;
}

/** "0.002640" → 2640n; refuses anything but the six-decimal form receipts use. */
export function micro(amount: string): bigint {
  if (!/^\d+\.\d{6}$/.test(amount)) throw new Error(`not a six-decimal amount: ${amount}`);
  return BigInt(amount.replace('.', ''));
}

export function formatMicroForTest(value: bigint): string {
  const text = value.toString().padStart(7, '0');
  return `${text.slice(0, -6)}.${text.slice(-6)}`;
}

/** The IST calendar day, computed here without the gateway's helpers. */
export const istDayOf = (iso: string) => new Date(Date.parse(iso) + 5.5 * 3600 * 1000).toISOString().slice(0, 10);

export function groupOf(r: TestReceipt, groupBy: TestGroupBy): string | null {
  switch (groupBy) {
    case 'key':
      return r.key_id;
    case 'project':
      return r.project_id;
    case 'team':
      return r.team_id;
    case 'model':
      return r.model_served;
    case 'provider':
      return r.provider;
    case 'environment':
      return r.environment;
    case 'workload':
      return r.workload;
    case 'serve_mode':
      return r.serve_mode;
    case 'day':
      return istDayOf(r.created);
  }
}

export function sumReceipts(receipts: TestReceipt[]): UsageNumbers {
  let list = 0n;
  let charged = 0n;
  let saved = 0n;
  const out = { requests: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, cached_tokens: 0, reasoning_tokens: 0 };
  for (const r of receipts) {
    out.requests += 1;
    if (r.status >= 400) out.errors += 1;
    out.prompt_tokens += r.usage.prompt;
    out.completion_tokens += r.usage.completion;
    out.cached_tokens += r.usage.cached;
    out.reasoning_tokens += r.usage.reasoning;
    list += micro(r.list_cost_inr);
    charged += micro(r.charged_inr);
    if (r.serve_mode !== 'fresh') saved += micro(r.discount_inr);
  }
  return { ...out, list_cost_inr: formatMicroForTest(list), charged_inr: formatMicroForTest(charged), saved_by_cache_inr: formatMicroForTest(saved) };
}

export function expectedGroups(receipts: TestReceipt[], groupBy: TestGroupBy): Map<string | null, UsageNumbers> {
  const buckets = new Map<string | null, TestReceipt[]>();
  for (const r of receipts) {
    const g = groupOf(r, groupBy);
    buckets.set(g, [...(buckets.get(g) ?? []), r]);
  }
  return new Map([...buckets].map(([g, rs]) => [g, sumReceipts(rs)]));
}

/** The numeric fields of an API row (drops `group` and `name`). */
export function numbersOf(row: UsageNumbers & { group?: unknown; name?: unknown }): UsageNumbers {
  const { group: _g, name: _n, ...numbers } = row;
  return numbers;
}
