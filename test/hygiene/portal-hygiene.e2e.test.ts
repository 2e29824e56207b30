import type { Browser, Page } from 'playwright-core';
import { Webhook } from '@herald/persistence';
import { launchChromium, newPortalContext, screenshot, signIn } from '../portal/portal-browser';
import { ADMIN, TestStack } from '../support/stack';
import { api, type CreatedWebhook } from './helpers';

jest.setTimeout(120_000);

/** Filters, digest and endpoint health in the portal, in headless Chromium. */
describe('portal: noise control and endpoint health', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.start({ worker: false }), launchChromium()]);
    await api(stack, 'POST', '/repositories', { name: 'libs-release' });
    page = await (await newPortalContext(browser, stack.baseUrl)).newPage();
    await signIn(page, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('creates a webhook with filters and a digest; a bad glob is named beside its field', async () => {
    await page.goto('/portal/webhooks/new');
    await page.getByLabel('Repository').selectOption('libs-release');
    await page.getByRole('radio', { name: /Email address/ }).check();
    await page.getByLabel('Email address', { exact: true }).fill('builds@example.com');
    await page.getByLabel('File Download').check();
    await page.getByLabel(/Only these paths/).fill('**/*.jar\ncom/[broken/**');
    await page.getByLabel(/Skip checksums/).check();
    await page.getByLabel(/Digest window/).fill('300');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    expect(await page.locator('#include-error').textContent()).toContain('Line 2: "com/[broken/**" is not a valid glob');
    // What was typed stays, so only the bad line needs fixing.
    expect(await page.getByLabel(/Digest window/).inputValue()).toBe('300');
    expect(await page.getByLabel(/Skip checksums/).isChecked()).toBe(true);
    await screenshot(page, 'hygiene-1-bad-glob');

    await page.getByLabel(/Only these paths/).fill('**/*.jar\n!**/*-sources.jar');
    await page.getByLabel(/Never these paths/).fill('**/*.pom');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    await page.waitForURL(/\/portal\/webhooks\/wh_/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await api<CreatedWebhook & { filters: unknown; digest: unknown }>(stack, 'GET', `/webhooks/${id}`);
    expect(stored.filters).toEqual({ include: ['**/*.jar', '!**/*-sources.jar'], exclude: ['**/*.pom'], skipSideFiles: true });
    expect(stored.digest).toEqual({ windowSeconds: 300 });

    await page.goto(`/portal/webhooks/${id}`);
    const settings = await page.getByRole('region', { name: 'Settings' }).textContent();
    expect(settings).toContain('only **/*.jar, !**/*-sources.jar; never **/*.pom; no checksums, signatures or metadata');
    expect(settings).toContain('one notification per 300 s window');

    // The edit form starts from what is stored; emptying the fields removes filters and digest.
    await page.getByRole('link', { name: 'Edit' }).first().click();
    expect(await page.getByLabel(/Only these paths/).inputValue()).toBe('**/*.jar\n!**/*-sources.jar');
    await page.getByLabel(/Only these paths/).fill('');
    await page.getByLabel(/Never these paths/).fill('');
    await page.getByLabel(/Skip checksums/).uncheck();
    await page.getByLabel(/Digest window/).fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/portal/webhooks/${id}\\?`));
    expect(await api(stack, 'GET', `/webhooks/${id}`)).toMatchObject({ filters: null, digest: null });
  });

  it('shows a webhook paused by endpoint health, with its failures and until when', async () => {
    const webhook = await api<CreatedWebhook>(stack, 'POST', '/webhooks', { repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.uploaded'] });
    const until = new Date(Date.now() + 4 * 60_000);
    // As the worker leaves it after the 6th failure in a row.
    await stack.orm.em.fork().nativeUpdate(Webhook, { id: webhook.id }, { consecutiveFailures: 6, pausedUntil: until });
    await page.goto(`/portal/webhooks/${webhook.id}`);
    const state = await page.getByRole('region', { name: 'Settings' }).textContent();
    expect(state).toContain('6 failed deliveries in a row, no deliveries until');
    await screenshot(page, 'hygiene-2-health-paused');
    // Resuming ends the pause at once, as PATCH {"active": true} does.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForURL(/notice=webhook-resumed/);
    expect(await api<CreatedWebhook>(stack, 'GET', `/webhooks/${webhook.id}`)).toMatchObject({ health: { status: 'healthy', consecutiveFailures: 0, pausedUntil: null } });
  });
});
