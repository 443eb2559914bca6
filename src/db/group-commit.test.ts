import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from './group-commit.js';
import { migrateToLatest, openDatabase, type OpenedDatabase } from './open-database.js';

/** Group commit on a real SQLite file: units that arrive together commit together, each atomic on its own. */

let dir: string;
let opened: OpenedDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nextmodel-group-commit-'));
  opened = await openDatabase(`sqlite:${join(dir, 'test.db')}`);
  await migrateToLatest(opened.db);
});
afterAll(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

const insertAlert = (scopeId: string, pct: number) =>
  transact(opened.db, async (trx) => {
    await trx.insertInto('budget_alerts').values({ scope_kind: 'project', scope_id: scopeId, period: 'm:2026-11', threshold_pct: pct, created_ms: 1, spent_uinr: 1, limit_uinr: 2 }).execute();
    await trx.insertInto('budget_alerts').values({ scope_kind: 'project', scope_id: scopeId, period: 'm:2026-11', threshold_pct: pct + 1, created_ms: 1, spent_uinr: 1, limit_uinr: 2 }).execute();
    if (scopeId.startsWith('fail')) throw new Error(`unit ${scopeId} refused`);
    return scopeId;
  });

describe('transact (SQLite group commit)', () => {
  it('commits concurrent units together; a unit that throws is rolled back alone and rejects alone', async () => {
    // Count COMMITs as they execute (Kysely runs `commit` as a statement).
    const proto = (opened.sqlite!.prepare('select 1').constructor as { prototype: { run: (...args: unknown[]) => unknown } }).prototype;
    const run = proto.run;
    let commits = 0;
    proto.run = function (this: { source: string }, ...args: unknown[]) {
      if (this.source === 'commit') commits++;
      return run.apply(this, args);
    };
    const ids = Array.from({ length: 40 }, (_, i) => (i % 5 === 2 ? `fail-${i}` : `ok-${i}`));
    const results = await Promise.allSettled(ids.map((id) => insertAlert(id, 50))).finally(() => (proto.run = run));
    // All 40 arrived in the same turn of the event loop: one commit.
    expect(commits).toBe(1);
    for (const [i, r] of results.entries()) {
      if (ids[i]!.startsWith('fail')) expect(r).toMatchObject({ status: 'rejected', reason: { message: `unit ${ids[i]} refused` } });
      else expect(r).toEqual({ status: 'fulfilled', value: ids[i] });
    }
    const rows = await opened.db.selectFrom('budget_alerts').select(['scope_id', sql<number>`count(*)`.as('n')]).groupBy('scope_id').execute();
    // Every successful unit wrote both its rows; no failed unit left either of its rows.
    expect(rows.map((r) => r.scope_id).sort()).toEqual(ids.filter((id) => id.startsWith('ok')).sort());
    expect(rows.every((r) => Number(r.n) === 2)).toBe(true);
  });

  it('a lone unit that violates a constraint rejects and writes nothing', async () => {
    await insertAlert('dup', 10);
    await expect(insertAlert('dup', 10)).rejects.toThrow(/UNIQUE|constraint/i);
    const n = await opened.db.selectFrom('budget_alerts').select(sql<number>`count(*)`.as('n')).where('scope_id', '=', 'dup').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('units in one batch see the writes of the units before them, and a constraint error in one leaves the rest', async () => {
    const results = await Promise.allSettled([insertAlert('seq', 20), insertAlert('seq', 20), insertAlert('seq2', 20)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
