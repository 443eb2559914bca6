import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ProjectLine, ServeModeTotals, UsageTotals } from './statement.js';

/** Σ of a team's receipts in [startMs, endMs), by project and serve mode, in exact integers. */

export const SERVE_MODES = ['fresh', 'exact_cache', 'canonical_cache'] as const;

interface BigTotals {
  requests: bigint;
  list: bigint;
  charged: bigint;
  saved: bigint;
}

const zero = (): BigTotals => ({ requests: 0n, list: 0n, charged: 0n, saved: 0n });

/** SQLite returns integers as numbers; PostgreSQL returns SUM(bigint) as a numeric string. */
function big(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`receipt sum is not an exact integer: ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new RangeError(`receipt sum is not an integer: ${String(value)}`);
}

function add(a: BigTotals, b: BigTotals): void {
  a.requests += b.requests;
  a.list += b.list;
  a.charged += b.charged;
  a.saved += b.saved;
}

function safe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount exceeds the safe integer range');
  return Number(n);
}

export const toUsage = (t: BigTotals): UsageTotals => ({ requests: safe(t.requests), list_cost_uinr: safe(t.list), charged_uinr: safe(t.charged), saved_uinr: safe(t.saved) });

function modeTotals(map: Map<string, BigTotals>): ServeModeTotals {
  const out: ServeModeTotals = {};
  for (const mode of SERVE_MODES) out[mode] = toUsage(map.get(mode) ?? zero());
  for (const [mode, t] of map) if (!(mode in out)) out[mode] = toUsage(t);
  return out;
}

export interface StatementUsage {
  projects: ProjectLine[];
  byServeMode: ServeModeTotals;
  total: BigTotals;
}

export async function statementUsage(db: Kysely<Database>, teamId: string, startMs: number, endMs: number): Promise<StatementUsage> {
  const rows = await db
    .selectFrom('receipts')
    .select((eb) => [
      'project_id',
      'serve_mode',
      eb.fn.countAll().as('requests'),
      eb.fn.sum('list_cost_uinr').as('list'),
      eb.fn.sum('charged_uinr').as('charged'),
      eb.fn.sum('discount_uinr').as('saved'),
    ])
    .where('team_id', '=', teamId)
    .where('created_ms', '>=', startMs)
    .where('created_ms', '<', endMs)
    .groupBy(['project_id', 'serve_mode'])
    .execute();

  const total = zero();
  const byMode = new Map<string, BigTotals>();
  const byProject = new Map<string, { total: BigTotals; modes: Map<string, BigTotals> }>();
  for (const row of rows) {
    const t: BigTotals = { requests: big(row.requests), list: big(row.list), charged: big(row.charged), saved: big(row.saved) };
    add(total, t);
    const mode = byMode.get(row.serve_mode) ?? zero();
    add(mode, t);
    byMode.set(row.serve_mode, mode);
    const project = byProject.get(row.project_id) ?? { total: zero(), modes: new Map<string, BigTotals>() };
    add(project.total, t);
    project.modes.set(row.serve_mode, t);
    byProject.set(row.project_id, project);
  }

  const ids = [...byProject.keys()];
  // Deleted projects keep their names: their usage is still billed.
  const names = ids.length ? await db.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const nameOf = new Map(names.map((p) => [p.id, p.name]));
  const projects: ProjectLine[] = [...byProject.entries()]
    .map(([id, p]) => ({ project_id: id, name: nameOf.get(id) ?? id, ...toUsage(p.total), by_serve_mode: modeTotals(p.modes) }))
    .sort((a, b) => b.charged_uinr - a.charged_uinr || a.name.localeCompare(b.name) || a.project_id.localeCompare(b.project_id));
  return { projects, byServeMode: modeTotals(byMode), total };
}
