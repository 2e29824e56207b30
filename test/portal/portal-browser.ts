import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually } from '../support/timing';

/** Screenshots of each step, for a person to look at (git-ignored). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'portal');

/** Debian's Chromium, never a downloaded browser: the machine (and CI) has no internet. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export async function newPortalContext(browser: Browser, baseURL: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1280, height: 860 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
}

/** Full-page unless a modal is open (a backdrop only covers the viewport). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/portal/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
}

/** The portal's session cookie as a Cookie header, to send requests the browser would not. */
export async function sessionCookieHeader(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

/** Reloads until `ready()` holds: for state that another process (the worker) brings about. */
export async function reloadUntil(page: Page, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const readyOrReloaded = async () => (await ready()) || (await page.reload(), false);
  await eventually(readyOrReloaded, `the page at ${page.url()} to be ready`, { timeoutMs, everyMs: 500 });
}
