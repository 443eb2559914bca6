import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDataDir, type CliResult } from '../support/cli-process.js';
import { testDatabase } from '../support/test-store.js';
import { csvRecords, sumCsv } from './csv-parse.js';
import { sumReceipts, type UsageNumbers } from './receipt-sums.js';
import { getJson, seedTraffic, type Seeded, type TestReceipt } from './seed-traffic.js';

/**
 * `nextmodel usage` and `nextmodel receipts export` through the built binary, on the data dir a
 * real gateway served the traffic from (closed first): same totals as the API and the receipts.
 */

let s: Seeded;
let dataDir: string;
let outDir: string;
let env: NodeJS.ProcessEnv;
const api = new Map<string, unknown>();

const cli = (...args: string[]) => runCli(args, env);
function ok(r: CliResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  dataDir = tempDataDir();
  outDir = mkdtempSync(join(tmpdir(), 'nextmodel-usage-out-'));
  s = await seedTraffic({ dataDir });
  // On PostgreSQL (NEXTMODEL_TEST_STORE=postgres) the CLI must open the gateway's schema.
  const databaseUrl = s.tg.config.storage.database_url;
  env = cliEnv(dataDir, databaseUrl ? { NEXTMODEL_DATABASE_URL: databaseUrl } : {});
  for (const path of ['/v1/usage?group_by=model', '/v1/usage?group_by=day', `/v1/usage?group_by=key&project_id=${s.projects[1]}`]) {
    api.set(path, (await getJson(s.tg, path)).json);
  }
  await s.tg.close();
  await s.mock.stop();
}, 60_000);
afterAll(async () => {
  // A gateway on a caller's data dir leaves its store in place on close; drop it here.
  await (await testDatabase(dataDir)).drop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

const ids = (rs: Array<{ id?: string }>) => rs.map((r) => r.id).sort();

describe('nextmodel usage', () => {
  it('--json prints the GET /v1/usage body: same groups and totals', async () => {
    expect(JSON.parse(ok(await cli('usage', '--json', '--group-by', 'model')))).toEqual(api.get('/v1/usage?group_by=model'));
    expect(JSON.parse(ok(await cli('usage', '--json')))).toEqual(api.get('/v1/usage?group_by=day'));
    expect(JSON.parse(ok(await cli('usage', '--json', '--group-by', 'key', '--project', s.projects[1]!)))).toEqual(api.get(`/v1/usage?group_by=key&project_id=${s.projects[1]}`));
    const totals = (JSON.parse(ok(await cli('usage', '--json', '--group-by', 'serve_mode'))) as { totals: UsageNumbers }).totals;
    expect(totals).toEqual(sumReceipts(s.receipts));
  });

  it('prints a table with a TOTAL row by default', async () => {
    const out = ok(await cli('usage', '--group-by', 'provider'));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^group\s+requests\s+errors\s+prompt_tokens/);
    const total = sumReceipts(s.receipts);
    expect(lines.at(-1)).toMatch(new RegExp(`^TOTAL\\s+${total.requests}\\s+${total.errors}\\s+.*${total.list_cost_inr.replace('.', '\\.')}\\s+${total.charged_inr.replace('.', '\\.')}\\s+${total.saved_by_cache_inr.replace('.', '\\.')}$`));
    expect(out).toContain('(none)'); // failed requests served by no provider
  });

  it('rejects bad options with exit 2, naming the flag', async () => {
    const bad = await cli('usage', '--from', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from');
    expect((await cli('usage', '--group-by', 'colour')).code).toBe(2);
  });
});

describe('nextmodel receipts export', () => {
  it('is listed beside get and verify', async () => {
    const help = ok(await cli('receipts', '--help'));
    for (const sub of ['get', 'verify', 'export']) expect(help).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
  });

  it('--format csv writes a spreadsheet-ready file that re-imports to the same ids and totals', async () => {
    const file = join(outDir, 'all.csv');
    const r = await cli('receipts', 'export', '--format', 'csv', '--out', file);
    ok(r);
    expect(r.stderr).toContain(`exported ${s.receipts.length} receipts to ${file} (csv)`);
    const records = csvRecords(readFileSync(file, 'utf8'));
    expect(ids(records)).toEqual(ids(s.receipts));
    expect(sumCsv(records)).toEqual(sumReceipts(s.receipts));
    expect(sumCsv(records)).toEqual((api.get('/v1/usage?group_by=model') as { totals: UsageNumbers }).totals);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('JSONL across many small pages: progress count/total on stderr, every receipt exactly once, lines verify', async () => {
    const file = join(outDir, 'all.jsonl');
    const r = await cli('receipts', 'export', '--out', file, '--page-size', '4');
    ok(r);
    const n = s.receipts.length;
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('exporting receipts: '));
    expect(progress).toHaveLength(Math.ceil(n / 4));
    expect(progress[0]).toBe(`exporting receipts: 4/${n} (${Math.floor(400 / n)}%)`);
    expect(progress.at(-1)).toBe(`exporting receipts: ${n}/${n} (100%)`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const receipts = lines.map((l) => JSON.parse(l) as TestReceipt);
    expect(ids(receipts)).toEqual(ids(s.receipts));
    expect(receipts.map((x) => x.id)).toEqual([...receipts.map((x) => x.id)].sort()); // id order
    expect(sumReceipts(receipts)).toEqual(sumReceipts(s.receipts));
    // A line is a whole signed receipt: the CLI verifies it offline against the store's public keys.
    for (const line of [lines[0]!, lines.at(-1)!]) {
      const one = join(outDir, 'one.json');
      writeFileSync(one, line);
      expect(ok(await cli('receipts', 'verify', one))).toMatch(/^valid/);
    }
  });

  it('--project limits the export to one project', async () => {
    const file = join(outDir, 'p0.jsonl');
    ok(await cli('receipts', 'export', '--project', s.projects[0]!, '--format', 'jsonl', '--out', file));
    const receipts = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as TestReceipt);
    const mine = s.receipts.filter((x) => x.project_id === s.projects[0]);
    expect(ids(receipts)).toEqual(ids(mine));
    expect(sumReceipts(receipts)).toEqual(sumReceipts(mine));
  });

  it('needs a format it can tell: exit 2 otherwise', async () => {
    const r = await cli('receipts', 'export', '--out', join(outDir, 'x.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
