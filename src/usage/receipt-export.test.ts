import { describe, expect, it } from 'vitest';
import type { SignedReceipt } from '../billing/receipt.js';
import { exportChunks, exportFilename, snapshotFilter } from './receipt-export.js';
import { RECEIPT_CSV_COLUMNS, receiptCsvCells } from './receipt-csv.js';

const receipt = {
  object: 'receipt',
  schema_version: 1,
  id: 'rcpt_1',
  request_id: 'req_1',
  created: '2026-11-30T18:30:00.250Z',
  team_id: 'team_1',
  project_id: 'proj_1',
  key_id: 'key_1',
  environment: 'prod',
  workload: '-2-3',
  tags: ['=cmd', 'café'],
  model_requested: 'sandbox-echo',
  model_served: 'sandbox-echo',
  provider: 'sandbox',
  provider_request_id: null,
  attempts: [],
  serve_mode: 'exact_cache',
  cache: { source_receipt_id: 'rcpt_0', age_s: 3, status: 'HIT' },
  usage_source: 'replay',
  usage: { prompt: 16, completion: 17, cached: 0, reasoning: 0, total: 33 },
  billing_basis: 'platform',
  price: null,
  list_cost_inr: '0.004400',
  discount_inr: '0.003960',
  charged_inr: '0.000440',
  upstream_cost_usd: '0.000000',
  stream: false,
  ttft_ms: 1,
  latency_ms: 2,
  status: 200,
  error_code: null,
  finish_reason: 'stop',
  finish_reason_raw: 'stop',
  request_hash: 'sha256:ab',
  response_hash: 'sha256:cd',
  receipt_hash: 'sha256:ef',
  signature: 'sig',
  key_id_signing: 'sk_1',
} satisfies SignedReceipt;

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

async function* pages(...p: string[][]) {
  yield* p;
}

describe('receipt CSV row', () => {
  it('flattens a receipt into the documented columns, literal in → literal out', () => {
    const row = Object.fromEntries(RECEIPT_CSV_COLUMNS.map((c, i) => [c, receiptCsvCells(receipt)[i]]));
    expect(row).toEqual({
      id: 'rcpt_1',
      created: '2026-11-30T18:30:00.250Z',
      created_ist: '2026-12-01 00:00:00',
      team_id: 'team_1',
      project_id: 'proj_1',
      key_id: 'key_1',
      environment: 'prod',
      workload: '-2-3',
      tags: '=cmd,café',
      model_requested: 'sandbox-echo',
      model_served: 'sandbox-echo',
      provider: 'sandbox',
      serve_mode: 'exact_cache',
      usage_source: 'replay',
      billing_basis: 'platform',
      status: 200,
      error_code: null,
      prompt_tokens: 16,
      completion_tokens: 17,
      cached_tokens: 0,
      reasoning_tokens: 0,
      list_cost_inr: '0.004400',
      discount_inr: '0.003960',
      charged_inr: '0.000440',
      upstream_cost_usd: '0.000000',
      latency_ms: 2,
      source_receipt_id: 'rcpt_0',
      request_hash: 'sha256:ab',
    });
  });
});

describe('exportChunks', () => {
  const body = JSON.stringify(receipt);

  it('JSONL: the stored bodies verbatim, one per line', async () => {
    expect(await collect(exportChunks(pages([body, body], [body]), 'jsonl'))).toBe(`${body}\n${body}\n${body}\n`);
  });

  it('CSV: BOM, header, one neutralised row per receipt', async () => {
    const text = await collect(exportChunks(pages([body]), 'csv'));
    expect(text).toBe(
      '\uFEFF' +
        `${RECEIPT_CSV_COLUMNS.join(',')}\r\n` +
        `rcpt_1,2026-11-30T18:30:00.250Z,2026-12-01 00:00:00,team_1,proj_1,key_1,prod,'-2-3,"'=cmd,café",sandbox-echo,sandbox-echo,sandbox,exact_cache,replay,platform,200,,16,17,0,0,0.004400,0.003960,0.000440,0.000000,2,rcpt_0,sha256:ab\r\n`,
    );
  });

  it('an empty export is the header alone (CSV) or nothing (JSONL)', async () => {
    expect(await collect(exportChunks(pages(), 'csv'))).toBe(`\uFEFF${RECEIPT_CSV_COLUMNS.join(',')}\r\n`);
    expect(await collect(exportChunks(pages(), 'jsonl'))).toBe('');
  });

  it('reports rows per page as they are consumed', async () => {
    const seen: number[] = [];
    await collect(exportChunks(pages([body, body], [body]), 'jsonl', (n) => seen.push(n)));
    expect(seen).toEqual([2, 1]);
  });
});

describe('export file name and snapshot', () => {
  it('names scope and IST days (to is exclusive)', () => {
    expect(exportFilename('csv', { projectId: 'proj_1', fromMs: Date.parse('2026-10-31T18:30:00Z'), toMs: Date.parse('2026-11-30T18:30:00Z') })).toBe('nextmodel-receipts-proj_1-2026-11-01-to-2026-12-01.csv');
    expect(exportFilename('jsonl', {})).toBe('nextmodel-receipts-start-to-now.jsonl');
  });

  it('an open-ended export ends when it starts', () => {
    expect(snapshotFilter({ projectId: 'p' }, 1000)).toEqual({ projectId: 'p', toMs: 1000 });
    expect(snapshotFilter({ toMs: 5 }, 1000)).toEqual({ toMs: 5 });
  });
});
