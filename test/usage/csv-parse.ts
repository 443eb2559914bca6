import { expect } from 'vitest';
import { formatMicroForTest, micro, type UsageNumbers } from './receipt-sums.js';

/**
 * A deliberately small RFC 4180 reader for the export tests (no dependency): quoted fields with
 * doubled quotes, commas and line breaks inside quotes, CRLF records. Throws on anything else.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`bare LF at ${i} (records end with CRLF)`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

/** CSV text → one record per receipt, keyed by the header row. */
export function csvRecords(text: string): Array<Record<string, string>> {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toBeDefined();
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]!])));
}

/** Re-imported rows summed as a spreadsheet user would, but exactly (µINR BigInt). */
export function sumCsv(records: Array<Record<string, string>>): UsageNumbers {
  const n = (r: Record<string, string>, c: string) => Number(r[c]);
  let list = 0n;
  let charged = 0n;
  let saved = 0n;
  for (const r of records) {
    list += micro(r.list_cost_inr!);
    charged += micro(r.charged_inr!);
    if (r.serve_mode !== 'fresh') saved += micro(r.discount_inr!);
  }
  return {
    requests: records.length,
    errors: records.filter((r) => n(r, 'status') >= 400).length,
    prompt_tokens: records.reduce((a, r) => a + n(r, 'prompt_tokens'), 0),
    completion_tokens: records.reduce((a, r) => a + n(r, 'completion_tokens'), 0),
    cached_tokens: records.reduce((a, r) => a + n(r, 'cached_tokens'), 0),
    reasoning_tokens: records.reduce((a, r) => a + n(r, 'reasoning_tokens'), 0),
    list_cost_inr: formatMicroForTest(list),
    charged_inr: formatMicroForTest(charged),
    saved_by_cache_inr: formatMicroForTest(saved),
  };
}
