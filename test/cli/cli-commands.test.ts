import OpenAI from 'openai';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startServe, tempDataDir, type CliResult, type ServeProcess } from '../support/cli-process.js';

/**
 * SPEC §11 through the real binary on one temp data dir, with a real `serve` on the same dir so
 * what the CLI writes (keys, revocations) is checked against the running server. Exit codes are
 * the documented contract: 0 ok, 2 bad usage, 3 not found, 4 verification failed.
 */

let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ServeProcess;
let migrated: CliResult[];
let beforeBootstrap: CliResult;

const cli = (...args: string[]) => runCli(args, env);
const json = <T>(r: CliResult): T => {
  expect(r, r.stderr).toMatchObject({ code: 0 });
  return JSON.parse(r.stdout) as T;
};
const sdk = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.banner.url}/v1`, maxRetries: 0 });
const hello = (client: OpenAI) => client.chat.completions.create({ model: 'sandbox-echo', messages: [{ role: 'user', content: 'hello' }] });

interface KeyJson { id: string; key?: string; kind: string; project_id: string; environment: string; workload: string | null; display: string; revoked: string | null }

beforeAll(async () => {
  dataDir = tempDataDir();
  env = cliEnv(dataDir);
  migrated = [await cli('migrate'), await cli('migrate')];
  beforeBootstrap = await cli('keys', 'create', '--json');
  server = await startServe(env);
}, 60_000);
afterAll(async () => {
  if (server) expect((await server.stop()).code).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('nextmodel CLI', () => {
  it('migrate creates the store on an empty dir and is idempotent; keys create before bootstrap is "not found" (3)', () => {
    expect(migrated.map((r) => r.code)).toEqual([0, 0]);
    expect(migrated[0]!.stdout).toContain('schema is up to date');
    expect(readdirSync(dataDir).some((f) => /\.(db|sqlite)$/.test(f))).toBe(true);
    expect(beforeBootstrap.code).toBe(3);
    expect(beforeBootstrap.stderr).toContain('no such project');
  });

  it('a second serve on the same SQLite store refuses to start (1) and names the running one; the first keeps serving', async () => {
    const second = await cli('serve', '--port', '0');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another nextmodel serve (pid ${server.child.pid})`);
    expect((await hello(sdk(server.banner.projectKey!))).choices[0]!.message.content).toBe('[sandbox] Echo: hello');
  });

  let createdKey: KeyJson;
  let receiptId: string;

  it('keys create --json shows the key once, and it works against the running server', async () => {
    createdKey = json<KeyJson>(await cli('keys', 'create', '--json', '--name', 'ci bot', '--environment', 'staging', '--workload', 'batch'));
    expect(createdKey).toMatchObject({ kind: 'project', environment: 'staging', workload: 'batch', revoked: null });
    expect(createdKey.id).toMatch(/^key_/);
    expect(createdKey.key).toMatch(/^nm_(?!admin_)[A-Za-z0-9_-]{16,}$/);
    expect(createdKey.key).not.toBe(server.banner.projectKey);

    const { data, response } = await hello(sdk(createdKey.key!)).withResponse();
    expect(data.choices[0]!.message.content).toBe('[sandbox] Echo: hello');
    expect(response.headers.get('x-nextmodel-provider')).toBe('sandbox');
    receiptId = response.headers.get('x-nextmodel-receipt-id')!;
    expect(receiptId).toMatch(/^rcpt_/);
  });

  it('keys list --json never prints a plaintext key', async () => {
    const r = await cli('keys', 'list', '--json');
    const rows = json<KeyJson[]>(r);
    expect(rows.map((k) => k.id)).toContain(createdKey.id);
    expect(rows.find((k) => k.kind === 'admin')).toBeDefined();
    for (const row of rows) expect(row).not.toHaveProperty('key');
    for (const secret of [createdKey.key!, server.banner.projectKey!, server.banner.adminKey!]) expect(r.stdout).not.toContain(secret);
    expect(rows.find((k) => k.id === createdKey.id)!.display).not.toBe(createdKey.key);
  });

  it('keys revoke <id>: the running server refuses the key with 401 on the next request; other keys keep working', async () => {
    const r = await cli('keys', 'revoke', createdKey.id);
    expect(r.code, r.stderr).toBe(0);
    await expect(hello(sdk(createdKey.key!))).rejects.toMatchObject({ constructor: OpenAI.AuthenticationError, status: 401, code: 'invalid_api_key' });
    expect((await hello(sdk(server.banner.projectKey!))).choices[0]!.message.content).toBe('[sandbox] Echo: hello');
    expect(json<KeyJson[]>(await cli('keys', 'list', '--json')).find((k) => k.id === createdKey.id)!.revoked).not.toBeNull();
    expect((await cli('keys', 'revoke', 'key_does_not_exist')).code).toBe(3);
  });

  it('teams and projects: create --json returns the object; list --json finds it; a bad GSTIN or unknown team is refused', async () => {
    const team = json<{ id: string; name: string; gstin: string; state_code: string }>(await cli('teams', 'create', 'Acme Pvt Ltd', '--gstin', '29ABCDE1234F1Z5', '--state-code', '29', '--json'));
    expect(team).toMatchObject({ name: 'Acme Pvt Ltd', gstin: '29ABCDE1234F1Z5', state_code: '29' });
    expect(json<Array<{ id: string; name: string }>>(await cli('teams', 'list', '--json')).map((t) => t.name).sort()).toEqual(['Acme Pvt Ltd', 'Default team']);

    const project = json<{ id: string; team_id: string; name: string }>(await cli('projects', 'create', 'Web', '--team', team.id, '--json'));
    expect(project).toMatchObject({ team_id: team.id, name: 'Web' });
    expect(json<Array<{ id: string }>>(await cli('projects', 'list', '--team', team.id, '--json')).map((p) => p.id)).toEqual([project.id]);
    expect(json<unknown[]>(await cli('projects', 'list', '--json'))).toHaveLength(2);

    const inProject = json<KeyJson>(await cli('keys', 'create', '--project', project.id, '--json'));
    expect(inProject.project_id).toBe(project.id);
    expect((await cli('projects', 'create', 'Orphan', '--team', 'team_missing')).code).toBe(3);
    expect((await cli('teams', 'create', 'Bad', '--gstin', 'not-a-gstin')).code).toBe(2);
    expect((await cli('keys', 'create', '--environment', 'has space')).code).toBe(2);
  });

  it('models list --json: 42+ non-sandbox catalog models, including the ones SPEC §9 names', async () => {
    const models = json<Array<{ id: string; provider: string; pricing: unknown }>>(await cli('models', 'list', '--json'));
    const real = models.filter((m) => m.provider !== 'sandbox');
    expect(real.length).toBeGreaterThanOrEqual(42);
    expect(new Set(models.map((m) => m.id)).size).toBe(models.length);
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'doubao-seed-2-0-mini']));
    const table = await cli('models');
    expect(table.code).toBe(0);
    expect(table.stdout.trim().split('\n')).toHaveLength(models.length + 1); // header + one row each
  });

  it('receipts get prints the receipt; verify exits 0 for it and 4 when one byte is changed', async () => {
    const got = await cli('receipts', 'get', receiptId);
    const receipt = json<{ id: string; model_served: string; signature: string }>(got);
    expect(receipt).toMatchObject({ id: receiptId, model_served: 'sandbox-echo' });
    const file = join(dataDir, 'receipt.json');
    writeFileSync(file, got.stdout);
    const ok = await cli('receipts', 'verify', file);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);
    expect(JSON.parse((await cli('receipts', 'verify', file, '--json')).stdout)).toMatchObject({ valid: true });

    const original = readFileSync(file);
    const at = original.indexOf('"sandbox-echo"') + 'sandbox-ech'.length + 1;
    const tampered = Buffer.from(original);
    tampered[at] = 'p'.charCodeAt(0); // "sandbox-echo" → "sandbox-echp"
    expect(tampered.length).toBe(original.length);
    expect([...tampered].filter((b, i) => b !== original[i])).toHaveLength(1);
    writeFileSync(file, tampered);
    const bad = await cli('receipts', 'verify', file);
    expect(bad.code).toBe(4);
    expect(bad.stdout).toMatch(/^INVALID/);

    expect((await cli('receipts', 'get', 'rcpt_does_not_exist')).code).toBe(3);
    expect(existsSync(join(dataDir, 'nope.json'))).toBe(false);
    expect((await cli('receipts', 'verify', join(dataDir, 'nope.json'))).code).toBe(2);
  });

  it('--help exits 0 on every command', async () => {
    const commands = [[], ['serve'], ['migrate'], ['keys'], ['keys', 'create'], ['keys', 'list'], ['keys', 'revoke'], ['teams'], ['teams', 'list'], ['teams', 'create'], ['projects'], ['projects', 'list'], ['projects', 'create'], ['models'], ['models', 'list'], ['receipts'], ['receipts', 'get'], ['receipts', 'verify']];
    const results = await Promise.all(commands.map((c) => cli(...c, '--help')));
    results.forEach((r, i) => {
      expect({ cmd: commands[i], code: r.code }).toEqual({ cmd: commands[i], code: 0 });
      expect(r.stdout).toContain(`Usage: nextmodel${commands[i]!.map((c) => ` ${c}`).join('')}`);
    });
  });

  it('bad usage exits 2 with a message on stderr', async () => {
    const bad = [['frobnicate'], ['keys'], ['keys', 'bogus'], ['keys', 'revoke'], ['teams', 'create'], ['models', 'list', '--no-such-flag'], ['receipts', 'get']];
    const results = await Promise.all(bad.map((c) => cli(...c)));
    results.forEach((r, i) => {
      expect({ cmd: bad[i], code: r.code }).toEqual({ cmd: bad[i], code: 2 });
      expect(r.stderr.length).toBeGreaterThan(0);
    });
  });
});
