import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../db/open-database.js';
import { listReceiptsQuery } from './receipt-store.js';

/**
 * A project's receipt list must be an index range read, not a sort of all its receipts: the
 * 30-minute soak found p99 rising with the receipt count from `GET /v1/receipts?limit=20` alone.
 * Checked on SQLite's query plan for the exact SQL the list runs.
 */

let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await openDatabase('sqlite::memory:');
  await migrateToLatest(opened.db);
});
afterAll(async () => {
  await opened.close();
});

function planOf(q: Parameters<typeof listReceiptsQuery>[1]): string {
  const compiled = listReceiptsQuery(opened.db, q).compile();
  const rows = opened.sqlite!.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join(' | ');
}

describe('receipt list query plan (SQLite)', () => {
  it("a project's newest page reads the (project_id, id) index in order, with no sort", () => {
    const plan = planOf({ projectId: 'proj_a', limit: 20 });
    expect(plan).toContain('receipts_project_id');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('the next page (cursor) too', () => {
    const plan = planOf({ projectId: 'proj_a', limit: 20, cursor: 'rcpt_zzz' });
    expect(plan).toContain('receipts_project_id');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it("an admin's list walks the primary key", () => {
    expect(planOf({ projectId: null, limit: 20 })).not.toContain('TEMP B-TREE');
  });
});
