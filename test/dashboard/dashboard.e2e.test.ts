import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall } from '../support/test-gateway.js';
import { inPage, openBrowser, screenshots, SKIP_REASON, type BrowserSession } from './support/browser.js';
import { seedDashboard, type DashboardSeed } from './support/seed.js';

/**
 * The dashboard end to end: a real gateway with real traffic, Debian's Chromium, every page at
 * desktop and phone width (screenshots in test-artifacts/dashboard/).
 */

if (SKIP_REASON) {
  console.warn(`\n\n*** ${SKIP_REASON} ***\n\n`);
  if (process.env.CI) {
    describe('dashboard in Chromium', () => {
      it('has what it needs under CI', () => {
        throw new Error(`${SKIP_REASON} — under CI this is a failure, not a skip (SPEC §2).`);
      });
    });
  }
}

/** The en-IN / hi-IN rule the dashboard formats ₹ with: 2 decimals, 4 under ₹1. */
function inr(value: string, locale: 'en-IN' | 'hi-IN' = 'en-IN'): string {
  const n = Number(value);
  const digits = n !== 0 && Math.abs(n) < 1 ? 4 : 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'INR', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** No page may scroll sideways at phone width (375 px) or on the desktop. */
function expectFits(overflow: { desktop: number; phone: number }) {
  expect(overflow).toEqual({ desktop: 0, phone: 0 });
}

const istToday = () => new Date(Date.now() + 19_800_000).toISOString().slice(0, 10);
const istMonthStart = () => `${istToday().slice(0, 8)}01`;

describe.skipIf(SKIP_REASON !== null)('dashboard in Chromium', { timeout: 90_000 }, () => {
  let seed: DashboardSeed;
  let admin: BrowserSession;
  let page: Page;
  const api = async (path: string, key = seed.tg.adminKey) => {
    const res = await fetch(`${seed.tg.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, json: (await res.json()) as any };
  };

  beforeAll(async () => {
    seed = await seedDashboard();
    admin = await openBrowser(seed.tg.baseUrl);
    page = admin.page;
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await seed?.tg.close();
  });

  async function signIn(p: Page, key: string) {
    await p.goto('/dashboard/');
    await p.getByLabel('API key').fill(key);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  }

  async function go(p: Page, navLabel: string, heading: string) {
    const menu = p.getByRole('button', { name: /Menu|मेनू/ });
    if (await menu.isVisible()) await menu.click();
    await p.getByRole('navigation').getByRole('link', { name: navLabel, exact: true }).click();
    await p.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it('signs in with the admin key and shows spend equal to the usage API', async () => {
    await page.goto('/dashboard/');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expectFits(await screenshots(page, '00-sign-in', () => page.getByLabel('API key').waitFor()));
    await signIn(page, seed.tg.adminKey);

    const today = (await api(`/v1/usage?group_by=serve_mode&from=${istToday()}`)).json;
    const month = (await api(`/v1/usage?group_by=serve_mode&from=${istMonthStart()}`)).json;
    expect(Number(month.totals.charged_inr)).toBeGreaterThan(1);
    const shown = async (testId: string) => {
      const el = page.getByTestId(testId);
      await el.waitFor();
      return { value: await el.getAttribute('value'), text: (await el.textContent())?.trim() };
    };
    expect(await shown('spend-today')).toEqual({ value: today.totals.charged_inr, text: inr(today.totals.charged_inr) });
    expect(await shown('spend-month')).toEqual({ value: month.totals.charged_inr, text: inr(month.totals.charged_inr) });
    expect(await shown('saved-month')).toEqual({ value: month.totals.saved_by_cache_inr, text: inr(month.totals.saved_by_cache_inr) });
    expect(Number(month.totals.saved_by_cache_inr)).toBeGreaterThan(0);
    expect((await shown('requests-month')).value).toBe(String(month.totals.requests));
    expect(Number((await shown('error-rate')).value)).toBeCloseTo(month.totals.errors / month.totals.requests, 10);
    // The fresh vs exact-cache split is the usage API's serve_mode grouping, row for row.
    for (const row of month.data as Array<{ group: string; requests: number; charged_inr: string }>) {
      const tr = page.getByTestId('split-table').locator(`tr[data-mode="${row.group}"]`);
      await expect(tr.locator('td').first().textContent()).resolves.toBe(String(row.requests));
      await expect(tr.locator('data.money').first().getAttribute('value')).resolves.toBe(row.charged_inr);
    }
    // Budgets are shown with Indian digit grouping.
    await expect(page.getByText('₹1,50,000.00').first().isVisible()).resolves.toBe(true);
    await expect(page.getByText('₹12,34,567.50').first().isVisible()).resolves.toBe(true);
    expectFits(await screenshots(page, '01-overview', () => page.getByTestId('spend-month').waitFor()));
  });

  it('shows usage over time by model with totals equal to the API, and a CSV export link', async () => {
    await go(page, 'Usage', 'Usage');
    await page.getByLabel('Group by').selectOption('model');
    await page.getByTestId('usage-table').waitFor();
    const from = await page.getByLabel('From').inputValue();
    const to = await page.getByLabel('To (inclusive)').inputValue();
    const next = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const report = (await api(`/v1/usage?group_by=model&from=${from}&to=${next}`)).json;
    await expect(page.getByTestId('usage-total-charged').getAttribute('value')).resolves.toBe(report.totals.charged_inr);
    for (const row of report.data as Array<{ group: string | null; charged_inr: string; requests: number }>) {
      const tr = page.getByTestId('usage-table').locator(`tbody tr[data-group="${row.group ?? ''}"]`);
      await expect(tr.locator('data.money').nth(1).getAttribute('value')).resolves.toBe(row.charged_inr);
    }
    const href = await page.getByTestId('export-csv').getAttribute('href');
    expect(href).toContain('/v1/usage/export?format=csv');
    // The link works with the session cookie alone (no Authorization header in the browser).
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\n')[0]).toContain('charged_inr');
    expectFits(await screenshots(page, '02-usage', () => page.getByTestId('usage-table').waitFor()));

    // Admin sees every project.
    await page.getByLabel('Group by').selectOption('project');
    const groups = () => page.locator('[data-testid="usage-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')).sort());
    await expect.poll(groups).toEqual([seed.tg.projectId, seed.other.projectId].sort());
  });

  it('filters receipts, opens one with its attempts and cache source, and verifies its signature in the browser', async () => {
    await go(page, 'Receipts', 'Receipts');
    await page.getByTestId('receipts-table').waitFor();
    const receipts = (await api('/v1/receipts?limit=1000')).json.data as Array<{ serve_mode: string; status: number }>;
    const rows = () => page.locator('[data-testid="receipts-table"] tbody tr').count();
    await expect.poll(rows).toBe(receipts.length);
    await page.getByLabel('Serve mode').selectOption('exact_cache');
    await expect.poll(rows).toBe(receipts.filter((r) => r.serve_mode === 'exact_cache').length);
    expect(receipts.filter((r) => r.serve_mode === 'exact_cache').length).toBe(4);
    await page.getByLabel('Serve mode').selectOption('');
    await page.getByLabel('Status').selectOption('error');
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Search (id, request id, model, key)').fill('no-such-model');
    await expect.poll(rows).toBe(1);
    await page.getByLabel('Search (id, request id, model, key)').fill('');
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Serve mode').selectOption('exact_cache');
    expectFits(await screenshots(page, '03-receipts', () => page.getByTestId('receipts-table').waitFor()));

    const id = await page.locator('[data-testid="receipts-table"] tbody tr').first().getAttribute('data-receipt');
    await page.locator('[data-testid="receipts-table"] tbody tr').first().getByRole('link').click();
    await page.getByTestId('receipt-charged').waitFor();
    // A replay made no upstream call: no attempts, and a link to the receipt it was replayed from.
    await page.getByText('No upstream call: answered from the exact cache.').waitFor();
    expect(page.url()).toContain(`/dashboard/receipts/${id}`);
    const receipt = (await api(`/v1/receipts/${id}`)).json;
    await expect(page.getByTestId('receipt-charged').getAttribute('value')).resolves.toBe(receipt.charged_inr);
    await expect(page.getByTestId('cache-source').textContent()).resolves.toBe(receipt.cache.source_receipt_id);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-valid')).toBe('true');
    expect(await verdict.getAttribute('data-method')).toBe('browser');
    expectFits(await screenshots(page, '04-receipt-detail', () => page.getByTestId('verdict').waitFor()));

    // The cache source link opens the receipt the replay came from: a fresh call, with its attempt.
    await page.getByTestId('cache-source').click();
    await page.waitForURL(`**/receipts/${receipt.cache.source_receipt_id}`);
    await page.getByTestId('attempts-table').waitFor();
    const source = (await api(`/v1/receipts/${receipt.cache.source_receipt_id}`)).json;
    expect(source.serve_mode).toBe('fresh');
    const attempts = page.locator('[data-testid="attempts-table"] tbody tr');
    await expect(attempts.count()).resolves.toBe(source.attempts.length);
    await expect(attempts.first().textContent()).resolves.toContain(source.attempts[0].provider);
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-valid')).toBe('true');
    expectFits(await screenshots(page, '04b-receipt-fresh', () => page.getByTestId('attempts-table').waitFor()));

    // A deep link loads directly (SPA fallback on the server).
    await page.goto(`/dashboard/receipts/${id}`);
    await page.getByTestId('receipt-charged').waitFor();
  });

  it('verifies a pasted receipt in the browser, catches tampering, and can ask the gateway instead', async () => {
    const { json: list } = await api('/v1/receipts?limit=1');
    const receipt = list.data[0];
    await go(page, 'Verify a receipt', 'Verify a receipt');
    const input = page.getByLabel('Receipt JSON');
    await input.fill(JSON.stringify(receipt));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const verdict = page.getByTestId('verdict');
    await expect.poll(() => verdict.getAttribute('data-valid')).toBe('true');
    expect(await verdict.getAttribute('data-method')).toBe('browser');
    await expect(verdict.textContent()).resolves.toContain('checked in this browser with WebCrypto Ed25519');
    expectFits(await screenshots(page, '05-verify', () => verdict.waitFor()));

    await input.fill(JSON.stringify({ ...receipt, charged_inr: '0.000000' }));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-valid')).toBe('false');
    await expect(page.getByTestId('verdict').textContent()).resolves.toContain('do not match its hash');

    await input.fill(JSON.stringify(receipt));
    await page.getByLabel('The gateway (POST /v1/receipts/verify)').check();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => page.getByTestId('verdict').getAttribute('data-method')).toBe('server');
    expect(await page.getByTestId('verdict').getAttribute('data-valid')).toBe('true');
  });

  it('compares two models with the same ₹ costs as the compare API', async () => {
    await go(page, 'Models & compare', 'Models & compare');
    await page.getByTestId('models-table').waitFor();
    expect(await page.locator('[data-testid="models-table"] tbody tr').count()).toBeGreaterThanOrEqual(42);
    await page.getByLabel('Select sandbox-echo to compare').check();
    await page.getByLabel('Select claude-sonnet-4-5 to compare').check();
    await page.getByLabel('Prompt tokens (if no prompt)').fill('2000');
    await page.getByLabel('Expected output tokens').fill('300');
    await page.getByLabel('Requests', { exact: true }).fill('1000');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByTestId('compare-table').waitFor();
    const res = await fetch(`${seed.tg.baseUrl}/v1/compare`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seed.tg.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ models: ['sandbox-echo', 'claude-sonnet-4-5'], prompt_tokens: 2000, expected_output_tokens: 300, requests: 1000 }),
    });
    const compare = (await res.json()) as { candidates: Array<{ id: string; cost: { fresh: { total: { inr: string } }; exact_cache: { total: { inr: string } } } }> };
    expect(compare.candidates).toHaveLength(2);
    for (const c of compare.candidates) {
      const row = page.locator(`[data-testid="compare-table"] tr[data-candidate="${c.id}"]`);
      const values = await row.locator('data.money').evaluateAll((els) => els.map((e) => e.getAttribute('value')));
      expect(values).toContain(c.cost.fresh.total.inr);
      expect(values).toContain(c.cost.exact_cache.total.inr);
    }
    expectFits(await screenshots(page, '06-models-compare', () => page.getByTestId('compare-table').waitFor()));
  });

  it('creates a key (shown once) and revokes it', async () => {
    await go(page, 'Keys', 'Keys');
    await page.getByTestId('keys-table').waitFor();
    await page.getByLabel('Name').fill('dashboard-made');
    await page.getByLabel('Workload (optional)').fill('reports');
    await page.getByRole('button', { name: 'Create key' }).click();
    const newKey = (await page.getByTestId('new-key').textContent())!.trim();
    expect(newKey).toMatch(/^nm_[A-Za-z0-9]{43}$/);
    expect((await api('/v1/key', newKey)).json).toMatchObject({ name: 'dashboard-made', workload: 'reports' });
    expectFits(await screenshots(page, '07-keys', () => page.getByTestId('new-key').waitFor()));
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await expect(page.getByTestId('new-key').count()).resolves.toBe(0);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke key dashboard-made' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke key dashboard-made' }).count()).toBe(0);
    expect((await api('/v1/key', newKey)).status).toBe(401);
    // Nowhere on the page or in the list is the key shown again.
    await page.reload();
    await page.getByTestId('keys-table').waitFor();
    expect(await page.content()).not.toContain(newKey);
  });

  it('edits a budget and shows routes and the audit log', async () => {
    await go(page, 'Budgets & routes', 'Budgets & routes');
    await page.getByTestId('budgets-table').waitFor();
    await page.getByRole('button', { name: 'Edit budget of Support bot' }).click();
    await page.getByLabel('Daily cap (₹)').fill('2500.50');
    await page.getByLabel('Requests per minute').fill('600');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    const project = (await api(`/v1/admin/projects/${seed.other.projectId}`)).json;
    expect(project.budget).toMatchObject({ daily_inr: '2500.500000', mode: 'hard' });
    expect(project.rate_limit).toMatchObject({ rpm: 600 });
    await page.getByLabel('Route name').fill('cheap-tools');
    await page.getByRole('button', { name: 'Save route' }).click();
    await page.getByRole('button', { name: 'Delete route cheap-tools' }).waitFor();
    expectFits(await screenshots(page, '08-budgets-routes', () => page.getByTestId('budgets-table').waitFor()));

    await go(page, 'Audit log', 'Audit log');
    await page.getByTestId('audit-table').waitFor();
    const text = await page.getByTestId('audit-table').textContent();
    expect(text).toContain('project.update');
    expect(text).toContain('key.revoke');
    expect(text).toContain('route.put');
    expectFits(await screenshots(page, '09-audit', () => page.getByTestId('audit-table').waitFor()));
  });

  it('switches to Hindi, formats numbers for hi-IN, and remembers the choice', async () => {
    await go(page, 'Overview', 'Overview');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { level: 1, name: 'सारांश' }).waitFor();
    expect(await inPage(page, 'document.documentElement.lang')).toBe('hi');
    const nav = await page.getByRole('navigation').textContent();
    for (const label of ['सारांश', 'उपयोग', 'रसीदें', 'मॉडल और तुलना', 'कुंजियाँ', 'बजट और रूट', 'ऑडिट लॉग']) expect(nav).toContain(label);
    expect(await page.getByText('इस महीने का ख़र्च').isVisible()).toBe(true);
    const month = page.getByTestId('spend-month');
    expect((await month.textContent())?.trim()).toBe(inr((await month.getAttribute('value'))!, 'hi-IN'));
    expectFits(await screenshots(page, '10-overview-hindi', () => page.getByTestId('spend-month').waitFor()));

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'सारांश' }).waitFor();
    await go(page, 'रसीदें', 'रसीदें');
    await page.getByTestId('receipts-table').waitFor();
    expect(await page.getByRole('columnheader', { name: 'शुल्क' }).isVisible()).toBe(true);
    expectFits(await screenshots(page, '11-receipts-hindi', () => page.getByTestId('receipts-table').waitFor()));
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { level: 1, name: 'Receipts' }).waitFor();
  });

  it('a project key sees only its own project and no admin pages; admin sees all', async () => {
    const project = await openBrowser(seed.tg.baseUrl);
    try {
      const p = project.page;
      await signIn(p, seed.other.key);
      const nav = (await p.getByRole('navigation').textContent()) ?? '';
      expect(nav).toContain('Receipts');
      for (const hidden of ['Keys', 'Budgets & routes', 'Audit log']) expect(nav).not.toContain(hidden);
      const own = (await api(`/v1/usage?group_by=serve_mode&from=${istMonthStart()}`, seed.other.key)).json;
      await expect(p.getByTestId('spend-month').getAttribute('value')).resolves.toBe(own.totals.charged_inr);
      const all = (await api(`/v1/usage?group_by=serve_mode&from=${istMonthStart()}`)).json;
      expect(own.totals.charged_inr).not.toBe(all.totals.charged_inr);
      expectFits(await screenshots(p, '12-project-key-overview', () => p.getByTestId('spend-month').waitFor()));

      await go(p, 'Usage', 'Usage');
      await p.getByLabel('Group by').selectOption('project');
      await expect.poll(() => p.locator('[data-testid="usage-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')))).toEqual([seed.other.projectId]);

      await go(p, 'Receipts', 'Receipts');
      await p.getByTestId('receipts-table').waitFor();
      const ids = await p.locator('[data-testid="receipts-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-receipt')));
      expect(ids).toHaveLength(3);
      // An admin page typed into the address bar is not there for a project key.
      await p.goto('/dashboard/keys');
      await p.getByRole('heading', { level: 1, name: 'No such page.' }).waitFor();
      expect(project.problems).toEqual([]);
      // And the admin API refuses the session's key even if the page were forced.
      const status = await p.evaluate(async () => (await fetch('/v1/admin/keys')).status);
      expect(status).toBe(403);
    } finally {
      await project.close();
    }
  });

  it('falls back to the gateway verifier where the browser has no Ed25519, and says so', async () => {
    const old = await openBrowser(seed.tg.baseUrl);
    try {
      // A browser without Ed25519 in WebCrypto (as before Chrome 137): key generation is refused.
      await old.context.addInitScript(`{
        const subtle = crypto.subtle;
        const generateKey = subtle.generateKey.bind(subtle);
        subtle.generateKey = (alg, ...rest) =>
          (typeof alg === 'string' ? alg : alg.name) === 'Ed25519' ? Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError')) : generateKey(alg, ...rest);
      }`);
      const p = old.page;
      await signIn(p, seed.tg.adminKey);
      const { json: list } = await api('/v1/receipts?limit=1');
      await p.goto(`/dashboard/receipts/${list.data[0].id}`);
      const verdict = p.getByTestId('verdict');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-valid')).toBe('true');
      expect(await verdict.getAttribute('data-method')).toBe('server');
      await expect(verdict.textContent()).resolves.toContain('This browser has no Ed25519 in WebCrypto, so the gateway checked it.');
      await go(p, 'Verify a receipt', 'Verify a receipt');
      await expect(p.getByLabel('This browser (WebCrypto Ed25519)').isDisabled()).resolves.toBe(true);
      await expect(p.getByLabel('The gateway (POST /v1/receipts/verify)').isChecked()).resolves.toBe(true);
    } finally {
      await old.close();
    }
  });

  it('works from the keyboard alone', async () => {
    const kb = await openBrowser(seed.tg.baseUrl);
    try {
      const p = kb.page;
      await p.goto('/dashboard/');
      await p.getByLabel('API key').waitFor();
      // Tab order on the sign-in page: language toggle, then the key field.
      await p.keyboard.press('Tab');
      expect(await inPage(p, "document.activeElement?.getAttribute('data-testid')")).toBe('lang-toggle');
      await p.keyboard.press('Tab');
      expect(await inPage(p, 'document.activeElement?.id')).toBe('signin-key');
      await p.keyboard.type(seed.tg.projectKey);
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      // First Tab reaches the skip link; following it puts focus on the page content.
      await p.keyboard.press('Tab');
      expect(await inPage(p, 'document.activeElement?.textContent')).toBe('Skip to content');
      await p.keyboard.press('Enter');
      expect(await inPage(p, 'document.activeElement?.id')).toBe('main');
      // A nav link followed with Enter moves focus to the new page.
      await p.getByRole('navigation').getByRole('link', { name: 'Receipts', exact: true }).focus();
      await p.keyboard.press('Enter');
      await p.getByRole('heading', { level: 1, name: 'Receipts' }).waitFor();
      expect(await inPage(p, 'document.activeElement?.id')).toBe('main');
      // Every form control on the page has an accessible name.
      const unnamed = await inPage<number>(
        p,
        `[...document.querySelectorAll('input, select, textarea, button')].filter((el) =>
          !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim())).length`,
      );
      expect(unnamed).toBe(0);
      expect(kb.problems).toEqual([]);
    } finally {
      await kb.close();
    }
  });

  it('signs out: the session cookie no longer works', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/v1/receipts?limit=1')).status);
    expect(status).toBe(401);
    // No console errors or CSP violations on any page along the way (but the 401 just asked for).
    expect(admin.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  });

  it('refuses a cookie-only mutation without the CSRF header', async () => {
    await page.getByLabel('API key').fill(seed.tg.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    const before = (await adminCall(seed.tg, 'GET', '/v1/admin/keys')).json.data.length;
    const status = await page.evaluate(async (projectId) => {
      const res = await fetch('/v1/admin/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ project_id: projectId }) });
      return res.status;
    }, seed.tg.projectId);
    expect(status).toBe(403);
    expect((await adminCall(seed.tg, 'GET', '/v1/admin/keys')).json.data).toHaveLength(before); // nothing was created
  });
});
