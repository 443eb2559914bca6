import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from '../support/test-gateway.js';
import { csvRecords, sumCsv } from './csv-parse.js';
import { expectedGroups, sumReceipts, type UsageNumbers } from './receipt-sums.js';
import { ACCENTED_TAG, FORMULA_TAG, FORMULA_WORKLOAD, getJson, seedTraffic, type Seeded, type TestReceipt } from './seed-traffic.js';

/**
 * GET /v1/usage/export: CSV that a spreadsheet opens safely and that re-imports to the same
 * totals and ids; JSONL whose every line is a signed receipt that verifies.
 */

let s: Seeded;
beforeAll(async () => {
  s = await seedTraffic();
}, 60_000);
afterAll(async () => {
  await s?.tg.close();
  await s?.mock.stop();
});

async function download(query: string, apiKey = s.tg.adminKey) {
  const res = await fetch(`${s.tg.baseUrl}/v1/usage/export?${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
}

const ids = (rs: Array<{ id?: string }>) => rs.map((r) => r.id).sort();

describe('CSV export', () => {
  let records: Array<Record<string, string>>;
  let response: Response;
  let raw: Buffer;

  beforeAll(async () => {
    const { res, bytes, text } = await download('format=csv');
    response = res;
    raw = bytes;
    expect(res.status).toBe(200);
    records = csvRecords(text);
  });

  it('is a streamed, spreadsheet-friendly attachment: UTF-8 BOM, CRLF records, header row', async () => {
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="nextmodel-receipts-start-to-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed, not buffered into one body of known length.
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(response.headers.get('content-length')).toBeNull();
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Object.keys(records[0]!).slice(0, 3)).toEqual(['id', 'created', 'created_ist']);
    for (const column of ['team_id', 'project_id', 'key_id', 'environment', 'workload', 'model_requested', 'model_served', 'provider', 'serve_mode', 'usage_source', 'billing_basis', 'status', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens', 'list_cost_inr', 'discount_inr', 'charged_inr', 'upstream_cost_usd', 'latency_ms', 'source_receipt_id', 'request_hash']) {
      expect(records[0]).toHaveProperty(column);
    }
  });

  it('re-imports to the same ids and the same totals as GET /v1/usage and the receipts, to the µINR', async () => {
    expect(ids(records)).toEqual(ids(s.receipts));
    const totals = sumCsv(records);
    expect(totals).toEqual(sumReceipts(s.receipts));
    expect((await getJson<{ totals: UsageNumbers }>(s.tg, '/v1/usage?group_by=provider')).json.totals).toEqual(totals);
  });

  it('has each receipt’s own values in its row', () => {
    const byId = new Map(s.receipts.map((r) => [r.id, r]));
    for (const row of records) {
      const r = byId.get(row.id!) as TestReceipt;
      expect(row).toMatchObject({
        project_id: r.project_id,
        key_id: r.key_id,
        serve_mode: r.serve_mode,
        model_served: r.model_served ?? '',
        status: String(r.status),
        list_cost_inr: r.list_cost_inr,
        discount_inr: r.discount_inr,
        charged_inr: r.charged_inr,
        upstream_cost_usd: r.upstream_cost_usd,
        source_receipt_id: r.cache.source_receipt_id ?? '',
        request_hash: r.request_hash ?? '',
      });
      expect(row.created).toBe(r.created);
      expect(row.created_ist).toBe(new Date(Date.parse(r.created) + 19_800_000).toISOString().slice(0, 19).replace('T', ' '));
    }
  });

  it('neutralises spreadsheet formulas in user-controlled cells with a leading apostrophe, and keeps UTF-8', () => {
    const formulaWorkload = records.filter((r) => r.workload === `'${FORMULA_WORKLOAD}`);
    expect(formulaWorkload.length).toBe(s.receipts.filter((r) => r.workload === FORMULA_WORKLOAD).length);
    expect(formulaWorkload.length).toBeGreaterThan(0);
    const tagged = records.filter((r) => r.tags !== '');
    expect(tagged.map((r) => r.tags)).toEqual([`'${FORMULA_TAG},${ACCENTED_TAG}`]);
    // No cell a spreadsheet would evaluate.
    for (const row of records) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('groups the same way as the API after re-import (by model)', async () => {
    const api = (await getJson<{ data: Array<UsageNumbers & { group: string | null }> }>(s.tg, '/v1/usage?group_by=model')).json.data;
    const models = new Set(records.map((r) => r.model_served));
    for (const model of models) {
      const rows = records.filter((r) => r.model_served === model);
      const { group: _g, ...numbers } = api.find((g) => (g.group ?? '') === model)!;
      expect(numbers).toEqual(sumCsv(rows));
    }
    expect(api).toHaveLength(expectedGroups(s.receipts, 'model').size);
  });
});

describe('JSONL export', () => {
  it('is one signed receipt per line, each of which verifies; a tampered line does not', async () => {
    const { res, text } = await download('format=jsonl');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="nextmodel-receipts-start-to-.*\.jsonl"$/);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    const receipts = lines.map((l) => JSON.parse(l) as TestReceipt);
    expect(ids(receipts)).toEqual(ids(s.receipts));
    expect(sumReceipts(receipts)).toEqual(sumReceipts(s.receipts));
    for (const line of lines) {
      const verdict = await fetch(`${s.tg.baseUrl}/v1/receipts/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: line });
      expect(await verdict.json()).toMatchObject({ valid: true });
    }
    const tampered = { ...receipts[0]!, charged_inr: '0.000000' === receipts[0]!.charged_inr ? '1.000000' : '0.000000' };
    const verdict = await fetch(`${s.tg.baseUrl}/v1/receipts/verify`, { method: 'POST', body: JSON.stringify(tampered) });
    expect(await verdict.json()).toMatchObject({ valid: false });
  });
});

describe('scope and filters', () => {
  it('a project key exports only its project; another project is 403', async () => {
    for (const key of [s.keys[0]!, s.keys[3]!]) {
      const { res, text } = await download('format=jsonl', key.key);
      expect(res.status).toBe(200);
      const mine = s.receipts.filter((r) => r.project_id === key.projectId);
      expect(ids(text.trim().split('\n').map((l) => JSON.parse(l) as TestReceipt))).toEqual(ids(mine));
      const csv = csvRecords((await download('format=csv', key.key)).text);
      expect(sumCsv(csv)).toEqual(sumReceipts(mine));
    }
    const other = await download(`format=csv&project_id=${s.projects[1]}`, s.keys[0]!.key);
    expect(other.res.status).toBe(403);
    expect(JSON.parse(other.text).error.code).toBe('permission_denied');
  });

  it('filters by key and time range, and names the filter in the file name', async () => {
    const key = s.keys[2]!;
    const times = s.receipts.map((r) => Date.parse(r.created)).sort((a, b) => a - b);
    const from = times[5]!;
    const { res, text } = await download(`format=csv&key_id=${key.id}&from=${from}`);
    expect(res.headers.get('content-disposition')).toContain(`nextmodel-receipts-${key.id}-`);
    const expected = s.receipts.filter((r) => r.key_id === key.id && Date.parse(r.created) >= from);
    expect(ids(csvRecords(text))).toEqual(ids(expected));
    // An empty export is still a valid file: BOM and header only.
    const empty = csvRecords((await download('format=csv&from=2001-01-01&to=2001-01-02')).text);
    expect(empty).toEqual([]);
  });

  it.each([
    ['', 'format'],
    ['format=xlsx', 'format'],
    ['format=csv&to=tomorrow', 'to'],
  ])('?%s → 400 naming %s', async (query, param) => {
    const { res, text } = await download(query);
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error).toMatchObject({ type: 'invalid_request_error', param });
  });
});

describe('a multi-page export over HTTP', () => {
  it('streams 2,345 receipts (three database pages) in id order, each exactly once', async () => {
    const tg = await startTestGateway();
    try {
      const base = Date.now() - 60_000;
      const rows = Array.from({ length: 2345 }, (_, i) => {
        const id = `rcpt_bulk_${String(i).padStart(6, '0')}`;
        return {
          id, request_id: `req_${i}`, created_ms: base + i, team_id: 't', project_id: 'p', key_id: 'k', environment: 'prod', workload: null,
          model_requested: 'm', model_served: 'm', provider: 'x', serve_mode: 'fresh', usage_source: 'upstream', billing_basis: 'platform',
          status: 200, error_code: null, stream: 0, prompt_tokens: 1, completion_tokens: 1, cached_tokens: 0, reasoning_tokens: 0,
          list_cost_uinr: 1, discount_uinr: 0, charged_uinr: 1, upstream_cost_uusd: 0, latency_ms: 1, source_receipt_id: null,
          receipt_hash: `sha256:${i}`, body: JSON.stringify({ id, n: i }),
        };
      });
      // Stored out of order: the export orders them, not the insert.
      for (let i = 0; i < rows.length; i += 500) await tg.gateway.services.db.insertInto('receipts').values(rows.slice(i, i + 500).reverse()).execute();
      const res = await fetch(`${tg.baseUrl}/v1/usage/export?format=jsonl`, { headers: { authorization: `Bearer ${tg.adminKey}` } });
      expect(res.status).toBe(200);
      let chunks = 0;
      let text = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body!) {
        chunks += 1;
        text += decoder.decode(chunk as Uint8Array, { stream: true });
      }
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; n: number });
      expect(lines.map((l) => l.n)).toEqual(rows.map((_, i) => i));
      expect(chunks).toBeGreaterThan(1);
    } finally {
      await tg.close();
    }
  });
});
