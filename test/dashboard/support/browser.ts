import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Without it the
 * browser suites skip with a loud reason, except under CI, where they fail (SPEC §2).
 */

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const DASHBOARD_BUILT = existsSync(resolve('dist/dashboard/index.html'));
export const SCREENSHOTS = resolve('test-artifacts/dashboard');

export const SKIP_REASON = !HAS_CHROMIUM
  ? `SKIPPED: dashboard browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium)`
  : !DASHBOARD_BUILT
    ? 'SKIPPED: dashboard browser tests need the built dashboard (npm run build)'
    : null;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen on the page (CSP violations show up here). */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh profile (its own user-data-dir) per session: no cookie or localStorage carries over. */
export async function openBrowser(baseUrl: string): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'nextmodel-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: DESKTOP,
    locale: 'en-IN',
    timezoneId: 'Asia/Kolkata',
    baseURL: baseUrl,
  });
  // Fail a step with its own message well before the test's timeout.
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a script in the page. Written as a string: the root tsconfig (server settings) has no DOM
 * types, and the script runs in the browser, not here.
 */
export function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/**
 * Desktop and phone screenshots of the page as it is now, as <name>-desktop.png and
 * <name>-phone.png. Returns how far the page is wider than each viewport (0 = no sideways scroll).
 */
const MAX_SHOT_HEIGHT = 6_000;

export async function screenshots(page: Page, name: string, ready: () => Promise<unknown>): Promise<{ desktop: number; phone: number }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const overflow = { desktop: 0, phone: 0 };
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await ready();
    // Web fonts (Devanagari) loaded, and charts redrawn after the resize: two animation frames.
    // From the top (a full-page shot of a scrolled page draws the sticky header mid-page), fonts loaded, charts redrawn.
    await inPage(page, 'window.scrollTo(0, 0); document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))');
    overflow[label] = Math.max(0, (await inPage<number>(page, 'document.documentElement.scrollWidth')) - size.width);
    // At most MAX_SHOT_HEIGHT px of a very tall page (the 55-model table is ~23,000 px at phone
    // width): headless Chromium's full-page capture of such a page hung a CI run under load.
    const height = await inPage<number>(page, 'document.documentElement.scrollHeight');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true, clip: { x: 0, y: 0, width: size.width, height: Math.min(height, MAX_SHOT_HEIGHT) } });
  }
  await page.setViewportSize(DESKTOP);
  return overflow;
}
