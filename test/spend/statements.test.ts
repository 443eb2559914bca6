import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMicro } from '../../src/billing/money.js';
import type { SignedReceipt, UnsignedReceipt } from '../../src/billing/receipt.js';
import { SIGNATURE_FIELDS } from '../../src/billing/receipt.js';
import { insertReceipt } from '../../src/billing/receipt-store.js';
import { financialYearOf } from '../../src/billing/statements/invoice-number.js';
import { newReceiptId } from '../../src/util/ids.js';
import { istMonth, istMonthRange, istMonthStart } from '../../src/util/ist-periods.js';
import { adminCall, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Monthly statements from real receipts: traffic through the gateway (sandbox-echo, fresh and
 * exact-cache replays) from two projects of one team, plus signed receipts inserted into a closed
 * month for large amounts. Expected figures are recomputed here from the receipts table.
 */

const SUPPLIER = { supplier_gstin: '29AAACN1234F1Z5', supplier_state_code: '29' };
let tg: TestGateway;

interface Team {
  id: string;
  projects: Array<{ id: string; key: string; keyId: string }>;
}
const teams: Record<'karnataka' | 'maharashtra' | 'unknown', Team> = {} as never;
let template: SignedReceipt;

const thisMonth = () => istMonth(Date.now());
const monthsAgo = (n: number) => {
  let ms = istMonthStart(Date.now());
  for (let i = 0; i < n; i++) ms = istMonthStart(ms - 1);
  return istMonth(ms);
};
/** A month closed long ago (two months back), so its statement is final. */
const CLOSED = monthsAgo(2);

async function makeTeam(name: string, body: Record<string, unknown>, projects: number): Promise<Team> {
  const team = await adminCall(tg, 'POST', '/v1/admin/teams', { name, ...body });
  expect(team.status).toBe(201);
  const out: Team = { id: team.json.id, projects: [] };
  for (let i = 0; i < projects; i++) {
    const project = await adminCall(tg, 'POST', '/v1/admin/projects', { name: `${name} project ${i + 1}`, team_id: team.json.id });
    const key = await adminCall(tg, 'POST', '/v1/admin/keys', { project_id: project.json.id });
    out.projects.push({ id: project.json.id, key: key.json.key, keyId: key.json.id });
  }
  return out;
}

/** ~1,000 prompt tokens, so a fresh sandbox-echo answer costs a visible fraction of a rupee. */
const prompt = (tag: string) => `${tag}: ${'the quick brown fox jumps over the lazy dog '.repeat(90)}`;

async function chat(key: string, content: string): Promise<{ serveMode: string; receiptId: string }> {
  const res = await fetch(`${tg.baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sandbox-echo', messages: [{ role: 'user', content }] }),
  });
  expect(res.status).toBe(200);
  await res.json();
  return { serveMode: res.headers.get('x-nextmodel-serve-mode') ?? '', receiptId: res.headers.get('x-nextmodel-receipt-id') ?? '' };
}

/** A signed receipt for `team`/`project` at `createdMs` charging `chargedUinr`, inserted like the pipeline does. */
async function seedReceipt(team: Team, projectIndex: number, createdMs: number, chargedUinr: number, serveMode: 'fresh' | 'exact_cache' = 'fresh'): Promise<void> {
  const project = team.projects[projectIndex]!;
  const unsigned: Record<string, unknown> = { ...template };
  for (const f of SIGNATURE_FIELDS) delete unsigned[f];
  const listUinr = serveMode === 'fresh' ? chargedUinr : chargedUinr * 10;
  const draft = {
    ...(unsigned as unknown as UnsignedReceipt),
    id: newReceiptId(),
    created: new Date(createdMs).toISOString(),
    team_id: team.id,
    project_id: project.id,
    key_id: project.keyId,
    serve_mode: serveMode,
    list_cost_inr: formatMicro(listUinr),
    discount_inr: formatMicro(listUinr - chargedUinr),
    charged_inr: formatMicro(chargedUinr),
  };
  await insertReceipt(tg.gateway.services.db, tg.gateway.services.signer.sign(draft));
}

async function receiptSums(teamId: string, month: string) {
  const [start, end] = istMonthRange(month);
  const rows = await tg.gateway.services.db
    .selectFrom('receipts')
    .select(['charged_uinr', 'list_cost_uinr', 'discount_uinr', 'serve_mode', 'project_id'])
    .where('team_id', '=', teamId)
    .where('created_ms', '>=', start)
    .where('created_ms', '<', end)
    .execute();
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + BigInt(pick(r)), 0n);
  return { rows, charged: sum((r) => r.charged_uinr), list: sum((r) => r.list_cost_uinr), saved: sum((r) => r.discount_uinr) };
}

/** The rule the statement states, recomputed independently: half-up to the paisa, tax once on the subtotal. */
function expectedTax(chargedUinr: bigint, ratePct = 18n) {
  const taxablePaise = (chargedUinr + 5_000n) / 10_000n;
  const taxPaise = (taxablePaise * ratePct * 2n + 100n) / 200n;
  return { taxable: Number(taxablePaise * 10_000n), tax: Number(taxPaise * 10_000n), total: Number((taxablePaise + taxPaise) * 10_000n) };
}

const statement = async (month: string, teamId: string) => adminCall(tg, 'GET', `/v1/admin/statements/${month}?team=${teamId}`);

beforeAll(async () => {
  tg = await startTestGateway({ billing: { gst: SUPPLIER } });
  teams.karnataka = await makeTeam('Bengaluru Labs', { gstin: '29ABCDE1234F1Z5', state_code: '29' }, 2);
  teams.maharashtra = await makeTeam('Pune Analytics', { state_code: '27' }, 1);
  teams.unknown = await makeTeam('Nowhere Ltd', {}, 1);

  // Real traffic this month: fresh answers and exact-cache replays from both projects.
  const [a, b] = teams.karnataka.projects as [Team['projects'][number], Team['projects'][number]];
  const modes: string[] = [];
  for (const [key, tag] of [[a.key, 'a1'], [a.key, 'a2'], [a.key, 'a3'], [b.key, 'b1'], [b.key, 'b2']] as const) modes.push((await chat(key, prompt(tag))).serveMode);
  for (const [key, tag] of [[a.key, 'a1'], [a.key, 'a1'], [a.key, 'a2'], [b.key, 'b1']] as const) modes.push((await chat(key, prompt(tag))).serveMode);
  expect(modes).toEqual(['fresh', 'fresh', 'fresh', 'fresh', 'fresh', 'exact_cache', 'exact_cache', 'exact_cache', 'exact_cache']);
  const mh = teams.maharashtra.projects[0]!;
  const { receiptId } = await chat(mh.key, prompt('mh1'));
  await chat(mh.key, prompt('mh1'));
  template = (await adminCall(tg, 'GET', `/v1/receipts/${receiptId}`)).json as SignedReceipt;
});
afterAll(async () => tg?.close());

describe('statement for the current month (real traffic)', () => {
  it('same state: CGST + SGST; totals by project and fresh vs cache reconcile with the receipts to the paisa', async () => {
    const res = await statement(thisMonth(), teams.karnataka.id);
    expect(res.status).toBe(200);
    const s = res.json;
    expect(s).toMatchObject({ object: 'statement', status: 'provisional', invoice: null, supply: 'intra_state', place_of_supply: { state_code: '29', state_name: 'Karnataka' } });
    expect(s.notes[0]).toContain('Provisional');

    const sums = await receiptSums(teams.karnataka.id, thisMonth());
    expect(sums.rows).toHaveLength(9);
    expect(sums.charged).toBeGreaterThan(0n);
    expect(s.totals).toMatchObject({ requests: 9, charged_uinr: Number(sums.charged), list_cost_uinr: Number(sums.list), saved_uinr: Number(sums.saved) });
    expect(Math.abs(s.totals.taxable_value_uinr - Number(sums.charged))).toBeLessThanOrEqual(5_000);
    const exp = expectedTax(sums.charged);
    expect(s.totals).toMatchObject({ taxable_value_uinr: exp.taxable, tax_uinr: exp.tax, total_uinr: exp.total });
    expect(exp.tax).toBeGreaterThan(0);
    const [cgst, sgst] = s.totals.taxes;
    expect([cgst.head, sgst.head, cgst.rate_pct, sgst.rate_pct]).toEqual(['CGST', 'SGST', '9', '9']);
    expect(cgst.amount_uinr + sgst.amount_uinr).toBe(exp.tax);
    expect(cgst.amount_uinr - sgst.amount_uinr).toBeGreaterThanOrEqual(0);
    expect(cgst.amount_uinr - sgst.amount_uinr).toBeLessThanOrEqual(10_000);

    // Two projects, each with its fresh/exact-cache split, summing to the totals.
    expect(s.projects).toHaveLength(2);
    const byId = new Map<string, any>(s.projects.map((p: any) => [p.project_id, p]));
    const [a, b] = teams.karnataka.projects;
    expect(byId.get(a!.id).by_serve_mode.fresh.requests).toBe(3);
    expect(byId.get(a!.id).by_serve_mode.exact_cache.requests).toBe(3);
    expect(byId.get(b!.id).by_serve_mode.fresh.requests).toBe(2);
    expect(byId.get(b!.id).by_serve_mode.exact_cache.requests).toBe(1);
    for (const p of s.projects) {
      const own = sums.rows.filter((r) => r.project_id === p.project_id).reduce((t, r) => t + r.charged_uinr, 0);
      expect(p.charged_uinr).toBe(own);
    }
    const fresh = sums.rows.filter((r) => r.serve_mode === 'fresh');
    const cached = sums.rows.filter((r) => r.serve_mode === 'exact_cache');
    expect(s.by_serve_mode.fresh).toMatchObject({ requests: 5, charged_uinr: fresh.reduce((t, r) => t + r.charged_uinr, 0), saved_uinr: 0 });
    expect(s.by_serve_mode.exact_cache).toMatchObject({ requests: 4, charged_uinr: cached.reduce((t, r) => t + r.charged_uinr, 0) });
    expect(s.by_serve_mode.exact_cache.saved_uinr).toBeGreaterThan(0);
    expect(s.by_serve_mode.canonical_cache.requests).toBe(0);
  });

  it('other state: IGST; no state on record: IGST and "place of supply unknown"', async () => {
    const mh = (await statement(thisMonth(), teams.maharashtra.id)).json;
    expect(mh).toMatchObject({ supply: 'inter_state', place_of_supply: { state_code: '27', state_name: 'Maharashtra' } });
    const sums = await receiptSums(teams.maharashtra.id, thisMonth());
    const exp = expectedTax(sums.charged);
    expect(mh.totals.taxes).toEqual([{ head: 'IGST', rate_pct: '18', amount_uinr: exp.tax }]);
    expect(mh.totals.total_uinr).toBe(exp.total);

    const unknown = (await statement(thisMonth(), teams.unknown.id)).json;
    expect(unknown).toMatchObject({ supply: 'inter_state', place_of_supply: null, totals: { requests: 0, taxable_value_uinr: 0, tax_uinr: 0 } });
    expect(unknown.totals.taxes.map((t: { head: string }) => t.head)).toEqual(['IGST']);
    expect(unknown.notes.join(' ')).toContain('Place of supply unknown');
  });
});

describe('statement for a closed month (seeded signed receipts)', () => {
  it('issues an invoice number once per team and month, unique and ≤16 chars, with exact paisa rounding', async () => {
    const [start] = istMonthRange(CLOSED);
    // ₹1,23,456.78 + ₹0.004999 (rounds away) in two projects, plus a cached ₹0.50.
    await seedReceipt(teams.karnataka, 0, start + 3_600_000, 123_456_780_000);
    await seedReceipt(teams.karnataka, 1, start + 7_200_000, 4_999);
    await seedReceipt(teams.karnataka, 1, start + 9_000_000, 500_000, 'exact_cache');
    await seedReceipt(teams.maharashtra, 0, start + 3_600_000, 10_000_000);

    const first = await statement(CLOSED, teams.karnataka.id);
    expect(first.status).toBe(200);
    const s = first.json;
    const sums = await receiptSums(teams.karnataka.id, CLOSED);
    expect(sums.charged).toBe(123_457_284_999n);
    // Taxable ₹1,23,457.28 (half-up from …284999 µINR); tax 18% = 22,222.3104 → ₹22,222.31.
    expect(s.totals).toMatchObject({ charged_uinr: 123_457_284_999, taxable_value_uinr: 123_457_280_000, rounding_uinr: -4_999, tax_uinr: 22_222_310_000, total_uinr: 145_679_590_000 });
    expect(s.totals.taxes).toEqual([
      { head: 'CGST', rate_pct: '9', amount_uinr: 11_111_160_000 },
      { head: 'SGST', rate_pct: '9', amount_uinr: 11_111_150_000 },
    ]);
    expect(s.display).toMatchObject({ taxable_value: '₹1,23,457.28', total: '₹1,45,679.59' });
    expect(s.display.total_in_words).toBe('Rupees One Lakh Forty-Five Thousand Six Hundred Seventy-Nine and Fifty-Nine Paise Only');

    const fy = financialYearOf(Date.now());
    expect(s.status).toBe('final');
    expect(s.invoice.number).toMatch(new RegExp(`^NM/${fy.code}/\\d{6}$`));
    expect(s.invoice.number.length).toBeLessThanOrEqual(16);
    expect(s.invoice.financial_year).toBe(fy.label);

    // Stable: fetched again (even concurrently), same number and the same document, though a late receipt arrived.
    await seedReceipt(teams.karnataka, 0, start + 10_000_000, 1_000_000);
    const again = await Promise.all([1, 2, 3].map(() => statement(CLOSED, teams.karnataka.id)));
    for (const r of again) expect(r.json).toEqual(s);

    // Another team, same month, concurrently with a third: distinct consecutive serials.
    const [mh, none] = await Promise.all([statement(CLOSED, teams.maharashtra.id), statement(CLOSED, teams.unknown.id)]);
    expect(mh.json.invoice.number).not.toBe(s.invoice.number);
    expect(mh.json.totals.taxes).toEqual([{ head: 'IGST', rate_pct: '18', amount_uinr: 1_800_000 }]);
    expect(none.json).toMatchObject({ status: 'final', invoice: null });
    expect(none.json.notes[0]).toContain('No charges');
    const issued = await tg.gateway.services.db.selectFrom('statements').select(['invoice_number', 'serial', 'financial_year']).orderBy('serial').execute();
    expect(issued.map((r) => r.invoice_number)).toEqual([s.invoice.number, mh.json.invoice.number]);
    expect(issued.map((r) => Number(r.serial))).toEqual([1, 2]);

    // Issuing is an audited mutation.
    const audit = await adminCall(tg, 'GET', '/v1/admin/audit?action=invoice.issue');
    expect(audit.json.data.map((e: any) => e.after.invoice_number).sort()).toEqual([s.invoice.number, mh.json.invoice.number].sort());
  });

  it('renders printable, self-contained HTML with ₹ in en-IN grouping', async () => {
    const viaQuery = await fetch(`${tg.baseUrl}/v1/admin/statements/${CLOSED}?team=${teams.karnataka.id}&format=html`, { headers: { authorization: `Bearer ${tg.adminKey}` } });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await viaQuery.text();
    const json = (await statement(CLOSED, teams.karnataka.id)).json;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Tax invoice');
    expect(html).toContain(json.invoice.number);
    expect(html).toContain('₹1,23,457.28');
    expect(html).toContain('₹1,23,456.7800');
    expect(html).toContain('₹1,45,679.59');
    expect(html).toContain('CGST @ 9%');
    expect(html).toContain('Karnataka (29)');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|\bsrc=|url\(/i);

    const viaAccept = await fetch(`${tg.baseUrl}/v1/admin/statements/${thisMonth()}?team=${teams.unknown.id}`, { headers: { authorization: `Bearer ${tg.adminKey}`, accept: 'text/html,application/xhtml+xml' } });
    expect(viaAccept.headers.get('content-type')).toMatch(/^text\/html/);
    const provisional = await viaAccept.text();
    expect(provisional).toContain('Statement (provisional)');
    expect(provisional).toContain('Place of supply unknown');
  });

  it('escapes team names in HTML', async () => {
    const evil = await makeTeam('<img src=x onerror=alert(1)>', { state_code: '29' }, 0);
    const html = await (await fetch(`${tg.baseUrl}/v1/admin/statements/${thisMonth()}?team=${evil.id}&format=html`, { headers: { authorization: `Bearer ${tg.adminKey}` } })).text();
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x');
  });

  it('refuses bad months, unknown teams and project keys', async () => {
    expect((await statement('2026-13', teams.karnataka.id)).status).toBe(400);
    const future = await statement(istMonth(Date.now() + 40 * 86_400_000), teams.karnataka.id);
    expect(future.status).toBe(400);
    expect(future.json.error.code).toBe('month_not_started');
    expect((await statement(thisMonth(), 'team_nope')).status).toBe(404);
    expect((await adminCall(tg, 'GET', `/v1/admin/statements/${thisMonth()}`)).status).toBe(400);
    const asProject = await fetch(`${tg.baseUrl}/v1/admin/statements/${thisMonth()}?team=${teams.karnataka.id}`, { headers: { authorization: `Bearer ${teams.karnataka.projects[0]!.key}` } });
    expect(asProject.status).toBe(403);
  });
});
