import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit-verify.js';
import { openDatabase } from '../../src/db/open-database.js';
import { hashApiKey } from '../../src/keys/api-key.js';
import { cliEnv, REPO_ROOT, runCli } from '../support/cli-process.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { storeText, TEST_STORE } from '../support/test-store.js';

/**
 * The audit trail end to end: admin mutations through the API and the CLI land in one hash
 * chain, in order, with before/after and no secret; concurrent appenders (requests, and other
 * processes on the same SQLite file) never fork it; `nextmodel audit verify` catches an edited
 * and a deleted row.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'nextmodel-audit-'));
const dbFile = join(dataDir, 'nextmodel.db');
let tg: TestGateway;
let adminKeyId: string;
let createdKey: { id: string; key: string };


beforeAll(async () => {
  tg = await startTestGateway({}, {}, { dataDir });
  const keys = await adminCall(tg, 'GET', '/v1/admin/keys');
  adminKeyId = keys.json.data.find((k: { kind: string }) => k.kind === 'admin').id;
});
afterAll(async () => {
  await tg?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('admin mutations are audited', () => {
  it('records every mutation in order, with actor, target and before/after', async () => {
    const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name: 'Audit Co', gstin: '29ABCDE1234F1Z5', state_code: '29' });
    expect(team.status).toBe(201);
    expect((await adminCall(tg, 'PATCH', `/v1/admin/teams/${team.json.id}`, { name: 'Audit Co Pvt Ltd', budget: { monthly_inr: '1000', mode: 'hard' } })).status).toBe(200);
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: 'bot', team_id: team.json.id });
    expect((await adminCall(tg, 'PATCH', `/v1/admin/projects/${project.json.id}`, { rate_limit: { rpm: 60 }, budget: { daily_inr: 5.5, mode: 'soft' } })).status).toBe(200);
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id, name: 'ci', environment: 'staging' });
    createdKey = { id: key.json.id, key: key.json.key };
    expect((await adminCall(tg, 'PATCH', `/v1/admin/keys/${key.json.id}`, { workload: 'batch', rate_limit: { tpm: 10_000 } })).status).toBe(200);
    expect((await adminCall(tg, 'DELETE', `/v1/admin/keys/${key.json.id}`)).status).toBe(200);
    // Revoking again changes nothing, and failed mutations leave no entry.
    expect((await adminCall(tg, 'DELETE', `/v1/admin/keys/${key.json.id}`)).status).toBe(200);
    expect((await adminCall(tg, 'PATCH', '/v1/admin/teams/team_nope', { name: 'x' })).status).toBe(404);
    expect((await adminCall(tg, 'DELETE', `/v1/admin/teams/${team.json.id}`)).status).toBe(400);
    expect((await adminCall(tg, 'DELETE', `/v1/admin/projects/${project.json.id}`)).status).toBe(200);
    expect((await adminCall(tg, 'DELETE', `/v1/admin/teams/${team.json.id}`)).status).toBe(200);

    const res = await fetch(`${tg.baseUrl}/v1/admin/audit?order=asc&limit=1000`, { headers: { authorization: `Bearer ${tg.adminKey}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const log = JSON.parse(text) as { data: Array<Record<string, any>>; has_more: boolean };
    expect(log.has_more).toBe(false);
    expect(log.data.map((e) => [e.action, e.target])).toEqual([
      ['team.create', team.json.id],
      ['team.update', team.json.id],
      ['project.create', project.json.id],
      ['project.update', project.json.id],
      ['key.create', key.json.id],
      ['key.update', key.json.id],
      ['key.revoke', key.json.id],
      ['project.delete', project.json.id],
      ['team.delete', team.json.id],
    ]);
    expect(log.data.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const e of log.data) expect(e.actor).toBe(adminKeyId);
    for (let i = 1; i < log.data.length; i++) expect(log.data[i]!.prev_hash).toBe(log.data[i - 1]!.hash);

    const [, teamUpdate, , projectUpdate, keyCreate, keyUpdate, keyRevoke, projectDelete, teamDelete] = log.data as [any, any, any, any, any, any, any, any, any];
    expect(teamUpdate.before).toMatchObject({ name: 'Audit Co', budget: null });
    expect(teamUpdate.after).toMatchObject({ name: 'Audit Co Pvt Ltd', budget: { monthly_inr: '1000.000000', daily_inr: null, mode: 'hard' } });
    expect(projectUpdate.before).toMatchObject({ rate_limit: null, budget: null });
    expect(projectUpdate.after).toMatchObject({ rate_limit: { rpm: 60, tpm: null }, budget: { daily_inr: '5.500000', mode: 'soft' } });
    expect(keyCreate.before).toBeNull();
    expect(keyCreate.after).toMatchObject({ id: key.json.id, environment: 'staging', display: key.json.display });
    expect(keyUpdate.after).toMatchObject({ workload: 'batch', rate_limit: { rpm: null, tpm: 10_000 } });
    expect(keyRevoke.before.revoked).toBeNull();
    expect(keyRevoke.after.revoked).toEqual(expect.any(String));
    expect(projectDelete.after).toEqual({ deleted: true, revoked_key_ids: [] });
    expect(teamDelete).toMatchObject({ before: { id: team.json.id }, after: null });

    // No secret anywhere: not the key, not its hash, not the admin key — in the API or the file.
    for (const secret of [key.json.key, hashApiKey(key.json.key), tg.adminKey, hashApiKey(tg.adminKey)]) expect(text).not.toContain(secret);
    const rows = JSON.stringify(await tg.gateway.services.db.selectFrom('audit_log').selectAll().execute());
    expect(rows).not.toContain(hashApiKey(key.json.key));
    const file = await storeText(dataDir);
    for (const secret of [key.json.key, tg.adminKey]) expect(file.includes(secret)).toBe(false);
  });

  it('filters by action and target and pages with a cursor', async () => {
    const keyEntries = await adminCall(tg, 'GET', `/v1/admin/audit?action=key.*&target=${createdKey.id}`);
    expect(keyEntries.json.data.map((e: { action: string }) => e.action)).toEqual(['key.revoke', 'key.update', 'key.create']);
    const page1 = await adminCall(tg, 'GET', '/v1/admin/audit?limit=4');
    expect(page1.json.data.map((e: { seq: number }) => e.seq)).toEqual([9, 8, 7, 6]);
    const page2 = await adminCall(tg, 'GET', `/v1/admin/audit?limit=4&cursor=${page1.json.next_cursor}`);
    expect(page2.json.data.map((e: { seq: number }) => e.seq)).toEqual([5, 4, 3, 2]);
    expect((await adminCall(tg, 'GET', '/v1/admin/audit?limit=0')).status).toBe(400);
    const asProject = await fetch(`${tg.baseUrl}/v1/admin/audit`, { headers: { authorization: `Bearer ${tg.projectKey}` } });
    expect(asProject.status).toBe(403);
  });

  // Other processes append to the SQLite file directly; audit-statements-postgres.test.ts covers PostgreSQL.
  it.skipIf(TEST_STORE === 'postgres')('keeps one chain under 20 concurrent API mutations and concurrent appends from other processes', async () => {
    const before = await verifyAuditChain(tg.gateway.services.db);
    expect(before.ok).toBe(true);
    const dist = (p: string) => pathToFileURL(join(REPO_ROOT, 'dist', p)).href;
    const child = (n: number) => `
      const { openDatabase } = await import(${JSON.stringify(dist('db/open-database.js'))});
      const { appendAudit } = await import(${JSON.stringify(dist('audit/audit-log.js'))});
      const opened = await openDatabase(${JSON.stringify(`sqlite:${dbFile}`)});
      for (let i = 0; i < 10; i++) await appendAudit(opened.db, { actor: 'system', action: 'test.append', target: 'child${n}-' + i });
      await opened.close();`;
    const exec = promisify(execFile);
    const children = [1, 2, 3].map((n) => exec(process.execPath, ['--input-type=module', '-e', child(n)], { cwd: REPO_ROOT, timeout: 20_000 }));
    const requests = Array.from({ length: 20 }, (_, i) => adminCall(tg, 'POST', '/v1/admin/teams', { name: `Concurrent ${i}` }));
    const responses = await Promise.all(requests);
    await Promise.all(children);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));

    const after = await verifyAuditChain(tg.gateway.services.db);
    expect(after).toMatchObject({ ok: true, entries: before.entries + 20 + 30 });
    const teamCreates = await tg.gateway.services.db.selectFrom('audit_log').select('target').where('action', '=', 'team.create').where('seq', '>', before.entries).execute();
    expect(new Set(teamCreates.map((r) => r.target)).size).toBe(20);
  });
});

describe('nextmodel audit verify', () => {
  // The CLI runs on the SQLite store in the data dir.
  it.skipIf(TEST_STORE === 'postgres')('records CLI mutations as "cli", exits 0 on an intact chain, 4 naming the seq of an edited or deleted row', async () => {
    await tg.close();
    const env = cliEnv(dataDir);
    const team = await runCli(['teams', 'create', 'CLI Team', '--state-code', '27', '--json'], env);
    expect(team.code).toBe(0);
    const teamId = JSON.parse(team.stdout).id as string;
    const project = await runCli(['projects', 'create', 'cli-proj', '--team', teamId, '--json'], env);
    const projectId = JSON.parse(project.stdout).id as string;
    const key = await runCli(['keys', 'create', '--project', projectId, '--json'], env);
    const { id: keyId, key: plaintext } = JSON.parse(key.stdout) as { id: string; key: string };
    expect((await runCli(['keys', 'revoke', keyId], env)).code).toBe(0);

    const ok = await runCli(['audit', 'verify'], env);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/audit chain intact: \d+ entries/);

    const opened = await openDatabase(`sqlite:${dbFile}`);
    try {
      const cliRows = await opened.db.selectFrom('audit_log').selectAll().where('actor', '=', 'cli').orderBy('seq').execute();
      expect(cliRows.map((r) => [r.action, r.target])).toEqual([
        ['team.create', teamId],
        ['project.create', projectId],
        ['key.create', keyId],
        ['key.revoke', keyId],
      ]);
      expect(JSON.stringify(cliRows)).not.toContain(plaintext);

      const victim = cliRows[1]!;
      const seq = Number(victim.seq);
      await opened.db.updateTable('audit_log').set({ after_json: victim.after_json!.replace('cli-proj', 'renamed') }).where('seq', '=', seq).execute();
      const edited = await runCli(['audit', 'verify'], env);
      expect(edited.code).toBe(4);
      expect(edited.stdout).toContain(`BROKEN at seq ${seq}`);
      expect(edited.stdout).toContain('renamed');

      // Undo the edit: intact again. Then delete the row instead.
      await opened.db.updateTable('audit_log').set({ after_json: victim.after_json }).where('seq', '=', seq).execute();
      expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
      await opened.db.deleteFrom('audit_log').where('seq', '=', seq).execute();
      const deleted = await runCli(['audit', 'verify', '--json'], env);
      expect(deleted.code).toBe(4);
      expect(JSON.parse(deleted.stdout)).toMatchObject({ ok: false, firstBadSeq: seq, reason: expect.stringContaining('missing') });
    } finally {
      await opened.close();
    }
    expect((await storeText(dataDir)).includes(plaintext)).toBe(false);
  });
});
