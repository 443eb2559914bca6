import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type OpenedDatabase } from '../db/open-database.js';
import { AUDIT_GENESIS, auditHash } from './audit-entry.js';
import { appendAudit } from './audit-log.js';
import { listAudit } from './audit-query.js';
import { verifyAuditChain } from './audit-verify.js';

let opened: OpenedDatabase;
beforeEach(async () => {
  opened = await openDatabase('sqlite::memory:');
  await migrateToLatest(opened.db);
});
afterEach(async () => opened.close());

async function appendN(n: number) {
  for (let i = 1; i <= n; i++) await appendAudit(opened.db, { actor: 'cli', action: 'team.update', target: `team_${i}`, before: { name: `t${i}` }, after: { name: `t${i}!` } });
}

describe('appendAudit', () => {
  it('chains entries from the genesis hash, each hash over its canonical JSON', async () => {
    const first = await appendAudit(opened.db, { actor: 'key_admin', action: 'team.create', target: 'team_1', after: { name: 'Acme', budget: null } });
    const second = await appendAudit(opened.db, { actor: 'key_admin', action: 'team.delete', target: 'team_1', before: { name: 'Acme' } });
    expect(first).toMatchObject({ seq: 1, prev_hash: AUDIT_GENESIS, before: null });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash, after: null });
    const { hash, ...rest } = second;
    expect(auditHash(rest)).toBe(hash);
    expect(await verifyAuditChain(opened.db)).toEqual({ ok: true, entries: 2, firstBadSeq: null, reason: null, head: second.hash });
  });

  it('scrubs secrets by field name and by shape, but keeps ids and display prefixes', async () => {
    const plaintext = `nm_${'a1B2'.repeat(11)}`;
    const entry = await appendAudit(opened.db, {
      actor: 'key_0abcdefghijklmnopqrstuvw',
      action: 'key.create',
      target: 'key_0abcdefghijklmnopqrstuvw',
      after: { id: 'key_0abcdefghijklmnopqrstuvw', key: plaintext, key_hash: 'ab'.repeat(32), display: 'nm_a1B2…a1B2', nested: [{ api_key: 'sk-proj-abcdefghijklmnop' }], note: `pasted ${plaintext}` },
    });
    expect(entry.after).toEqual({ id: 'key_0abcdefghijklmnopqrstuvw', key: '[redacted]', key_hash: '[redacted]', display: 'nm_a1B2…a1B2', nested: [{ api_key: '[redacted]' }], note: 'pasted [redacted]' });
    const stored = await opened.db.selectFrom('audit_log').select('after_json').executeTakeFirstOrThrow();
    expect(stored.after_json).not.toContain(plaintext);
    expect(stored.after_json).not.toContain('ab'.repeat(32));
  });

  it('keeps one chain under 20 concurrent appends', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(opened.db, { actor: 'system', action: 'budget.alert', target: `proj_${i}` })));
    const result = await verifyAuditChain(opened.db);
    expect(result).toMatchObject({ ok: true, entries: 20 });
    const rows = await opened.db.selectFrom('audit_log').select(['seq', 'prev_hash']).orderBy('seq').execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(20);
  });

  it('rolls back with the transaction it joined', async () => {
    await appendN(1);
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: 'cli', action: 'team.create', target: 'team_x' });
        throw new Error('mutation failed');
      }),
    ).rejects.toThrow('mutation failed');
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: true, entries: 1 });
    expect((await appendAudit(opened.db, { actor: 'cli', action: 'team.create', target: 'team_y' })).seq).toBe(2);
  });
});

describe('verifyAuditChain', () => {
  it('finds an edited entry', async () => {
    await appendN(5);
    await opened.db.updateTable('audit_log').set({ after_json: '{"name":"forged"}' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 3, reason: expect.stringContaining('edited') });
  });

  it('finds an edited actor or time, and an entry whose hash was recomputed (the next link breaks)', async () => {
    await appendN(4);
    await opened.db.updateTable('audit_log').set({ created_ms: 1 }).where('seq', '=', 2).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 2 });

    await opened.db.deleteFrom('audit_log').execute();
    await opened.db.updateTable('audit_head').set({ seq: 0, hash: AUDIT_GENESIS }).execute();
    await appendN(4);
    const row = await opened.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = { seq: 2, created: new Date(Number(row.created_ms)).toISOString(), actor: 'someone-else', action: row.action, target: row.target, before: JSON.parse(row.before_json!), after: JSON.parse(row.after_json!), prev_hash: row.prev_hash };
    await opened.db.updateTable('audit_log').set({ actor: 'someone-else', hash: auditHash(forged) }).where('seq', '=', 2).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 3, reason: expect.stringContaining('prev_hash') });
  });

  it('finds a deleted entry in the middle and at the end', async () => {
    await appendN(5);
    await opened.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 2, reason: expect.stringContaining('missing') });
    await opened.db.deleteFrom('audit_log').execute();
    await opened.db.updateTable('audit_head').set({ seq: 0, hash: AUDIT_GENESIS }).execute();
    await appendN(5);
    await opened.db.deleteFrom('audit_log').where('seq', '>=', 4).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringContaining('from the end') });
  });

  it('finds reordered entries', async () => {
    await appendN(4);
    // Swap entries 2 and 3 by renumbering them.
    await opened.db.updateTable('audit_log').set({ seq: 100 }).where('seq', '=', 2).execute();
    await opened.db.updateTable('audit_log').set({ seq: 2 }).where('seq', '=', 3).execute();
    await opened.db.updateTable('audit_log').set({ seq: 3 }).where('seq', '=', 100).execute();
    expect(await verifyAuditChain(opened.db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });
});

describe('listAudit', () => {
  it('pages newest first, filters by exact action, action prefix and target', async () => {
    await appendAudit(opened.db, { actor: 'a', action: 'key.create', target: 'key_1' });
    await appendAudit(opened.db, { actor: 'a', action: 'key_x.create', target: 'key_2' });
    await appendAudit(opened.db, { actor: 'a', action: 'team.create', target: 'team_1' });
    await appendAudit(opened.db, { actor: 'a', action: 'key.revoke', target: 'key_1' });
    const page1 = await listAudit(opened.db, { limit: 3, order: 'desc' });
    expect(page1.data.map((e) => e.seq)).toEqual([4, 3, 2]);
    expect(page1.next_cursor).toBe(2);
    const page2 = await listAudit(opened.db, { limit: 3, order: 'desc', cursor: 2 });
    expect(page2).toMatchObject({ data: [{ seq: 1 }], next_cursor: null });
    expect((await listAudit(opened.db, { limit: 10, order: 'asc', action: 'key.*' })).data.map((e) => e.seq)).toEqual([1, 4]);
    expect((await listAudit(opened.db, { limit: 10, order: 'asc', action: 'key.create' })).data.map((e) => e.seq)).toEqual([1]);
    expect((await listAudit(opened.db, { limit: 10, order: 'asc', target: 'key_1' })).data.map((e) => e.action)).toEqual(['key.create', 'key.revoke']);
  });
});
