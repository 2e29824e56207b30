import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, TestStack } from '../support/stack';
import { launchChromium, newPortalContext, screenshot, signIn } from './portal-browser';

jest.setTimeout(120_000);

/** Who may use the portal, keyboard use, and Slack and email targets, in headless Chromium. */
describe('administrator portal: access, keyboard and other targets', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.start({ worker: false }), launchChromium()]);
    expect((await stack.request('POST', '/api/v1/repositories', { body: { name: 'libs-release' } })).status).toBe(201);
    context = await newPortalContext(browser, stack.baseUrl);
    page = await context.newPage();
    await signIn(page, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('1. refuses the portal to a user who is not an admin', async () => {
    expect((await stack.request('POST', '/api/v1/users', { body: { username: 'ci', password: 'deployer-password', role: 'deployer' } })).status).toBe(201);
    const other = await newPortalContext(browser, stack.baseUrl);
    const otherPage = await other.newPage();
    await signIn(otherPage, 'ci', 'deployer-password');
    expect(await otherPage.getByRole('alert').textContent()).toContain('for administrators');
    expect((await other.cookies()).some((cookie) => cookie.name === 'herald_session')).toBe(false);
    await other.close();
  });

  it('4. creates Slack and email webhooks: the Slack URL masked everywhere, an email error beside its field', async () => {
    const slackUrl = 'https://hooks.slack.com/services/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';
    await page.goto('/portal/webhooks/new');
    await page.getByLabel('Repository').selectOption('libs-release');
    await page.getByRole('radio', { name: /Email address/ }).check();
    await page.getByLabel('Email address', { exact: true }).fill('ops@example.com\r\nbcc: spy@example.com');
    await page.getByLabel('File Deletion').check();
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    expect(await page.locator('#target-email-error').textContent()).toContain('one plain email address');
    expect(await page.locator('#repository-error').count()).toBe(0);

    await page.getByRole('radio', { name: /Slack URL/ }).check();
    await page.getByLabel('Slack URL', { exact: true }).fill(slackUrl);
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    await page.waitForURL(/\/portal\/webhooks\/wh_/);
    const slackId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByRole('status').first().textContent()).toContain('The webhook was created');
    expect(await page.getByRole('region', { name: 'Settings' }).textContent()).toContain('https://hooks.slack.com/services/T…/B…/****');
    expect(await page.getByRole('region', { name: 'Signing secret' }).count()).toBe(0);
    expect(await page.content()).not.toContain('verysecretslacktoken');

    // Editing keeps the stored URL when the (masked) field is left empty.
    await page.getByRole('link', { name: 'Edit' }).first().click();
    expect(await page.getByLabel('Slack URL', { exact: true }).inputValue()).toBe('');
    await page.getByLabel(/Description/).fill('release announcements');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.getByRole('region', { name: 'Settings' }).textContent()).toContain('release announcements');
    await page.getByRole('navigation', { name: 'Portal sections' }).getByRole('link', { name: 'Webhooks' }).click();
    expect(await page.getByRole('row', { name: /Slack URL/ }).textContent()).toContain('/services/T…/B…/****');
    expect(await page.content()).not.toContain('verysecretslacktoken');
    await screenshot(page, '05c-list-slack-masked');
    expect((await stack.request('DELETE', `/api/v1/webhooks/${slackId}`)).status).toBe(204);
  });

  it('is usable by keyboard: a skip link first, then the navigation', async () => {
    await page.goto('/portal/webhooks');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Create Webhook');
    await page.goto('/portal/webhooks');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Webhooks');
  });

  it('answers an unknown portal address with a portal page', async () => {
    const answer = await page.goto('/portal/no-such-page');
    expect(answer?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
  });
});
