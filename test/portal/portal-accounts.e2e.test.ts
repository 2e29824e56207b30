import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../files/helpers';
import { basicAuth } from '../support/credentials';
import { ADMIN, TestStack } from '../support/stack';
import { launchChromium, newPortalContext, screenshot, signIn } from './portal-browser';

jest.setTimeout(120_000);

const FILE = '/repositories/libs/com/acme/app/1.0/app-1.0.jar';

/**
 * Accounts in the portal, in headless Chromium, one admin session walking through them in order:
 * a user's role, disabled state and password, its API tokens, and the audit trail of all of it.
 */
describe('administrator portal: users, tokens and the audit trail', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ciPassword = 'ci-password-1';
  let token = '';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.start({ worker: false }), launchChromium()]);
    expect((await stack.request('POST', '/api/v1/repositories', { body: { name: 'libs', visibility: 'private' } })).status).toBe(201);
    expect((await stack.request('PUT', FILE, { body: 'jar bytes' })).status).toBe(201);
    await createUser(stack, 'ci', 'deployer');
    context = await newPortalContext(browser, stack.baseUrl);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    page = await context.newPage();
    await signIn(page, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** `hrd_tok_<id>_<secret>`; the secret may itself hold underscores. */
  function secretOf(apiToken: string): string {
    return apiToken.replace(/^hrd_tok_[0-9a-z]+_/, '');
  }

  function readFile(authorization: string): Promise<number> {
    return stack.request('GET', FILE, { auth: authorization }).then((answer) => answer.status);
  }

  /** A form of the user page, found by its heading. */
  function card(name: string) {
    return page.getByRole('form', { name, exact: true });
  }

  it('lists each user with its role and state, Users and Audit in the navigation', async () => {
    const nav = page.getByRole('navigation', { name: 'Portal sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Webhooks', 'Repositories', 'Users', 'Events', 'Audit']);
    await nav.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/portal/users');
    const cells = await page.getByRole('row', { name: /^ci / }).getByRole('cell').allTextContents();
    expect(cells.slice(0, 3).map((cell) => cell.trim())).toEqual(['ci', 'Deployer', 'Active']);
    await screenshot(page, '10a-users');
    await page.getByRole('link', { name: 'Edit ci' }).click();
    await page.waitForURL('**/portal/users/ci');
  });

  it("changes a user's role, and shows the last admin's demotion refused beside the role", async () => {
    await card('Role').getByRole('radio', { name: /Reader/ }).check();
    await card('Role').getByRole('button', { name: 'Save role' }).click();
    await page.waitForURL('**/portal/users/ci?notice=role-changed');
    expect(await page.getByRole('status').first().textContent()).toContain('The role was changed');
    expect(((await (await stack.request('GET', '/api/v1/users')).json()) as { items: Array<{ username: string; role: string }> }).items.find((user) => user.username === 'ci')?.role).toBe('reader');

    await page.goto('/portal/users/admin');
    await card('Role').getByRole('radio', { name: /Deployer/ }).check();
    const refused = page.waitForResponse((answer) => answer.url().endsWith('/portal/users/admin/role'));
    await card('Role').getByRole('button', { name: 'Save role' }).click();
    expect((await refused).status()).toBe(409);
    expect(await card('Role').locator('#role-error').textContent()).toContain('The last enabled admin cannot be demoted');
    expect(await card('Role').getByRole('radio', { name: /Deployer/ }).isChecked()).toBe(true);
    expect(await page.content()).not.toMatch(/at [A-Za-z]+\.|\.ts:\d+/);
    await screenshot(page, '10b-last-admin-refused');
  });

  it('asks for the current password before an admin changes its own, and says when it is wrong', async () => {
    const form = card('Change your password');
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password').fill('another-password-1');
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await form.locator('#current-password-error').textContent()).toBe('This is not your current password.');
    expect(await page.content()).not.toContain('another-password-1');
    expect(await page.content()).not.toContain('not-my-password');
    expect(await readFile(stack.adminAuth)).toBe(200);
  });

  it('disables the user (its password is refused) and enables it again', async () => {
    await page.goto('/portal/users/ci');
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.waitForURL('**/portal/users/ci?notice=user-disabled');
    expect(await page.locator('.page-header .lead').textContent()).toContain('Disabled');
    expect(await readFile(basicAuth('ci', ciPassword))).toBe(401);
    await screenshot(page, '10c-disabled');

    await page.getByRole('button', { name: 'Enable' }).click();
    await page.waitForURL('**/portal/users/ci?notice=user-enabled');
    expect(await page.locator('.page-header .lead').textContent()).toContain('Active');
    expect(await readFile(basicAuth('ci', ciPassword))).toBe(200);
  });

  it('resets the password: a short one is refused beside the field, the new one works over Basic', async () => {
    const form = card('Reset password');
    expect(await form.getByLabel('Current password').count()).toBe(0);
    await form.getByLabel('New password').fill('short');
    await form.getByRole('button', { name: 'Reset password' }).click();
    expect(await card('Reset password').locator('#new-password-error').textContent()).toContain('longer than or equal to 8 characters');

    await card('Reset password').getByLabel('New password').fill('ci-password-2');
    await card('Reset password').getByRole('button', { name: 'Reset password' }).click();
    await page.waitForURL('**/portal/users/ci?notice=password-changed');
    expect(await readFile(basicAuth('ci', 'ci-password-2'))).toBe(200);
    expect(await readFile(basicAuth('ci', ciPassword))).toBe(401);
    ciPassword = 'ci-password-2';
  });

  it('creates a token shown once with a copy button; it works as Bearer and is gone after the page', async () => {
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.waitForURL('**/portal/users/ci/tokens');
    expect(await page.getByRole('heading', { name: 'No tokens' }).isVisible()).toBe(true);

    const form = page.getByRole('form', { name: 'New token' });
    await form.getByLabel('Name').fill('github <b>actions</b>');
    await form.getByLabel('Expires in days').fill('0');
    await form.getByRole('button', { name: 'Create token' }).click();
    expect(await page.locator('#token-expires-error').textContent()).toContain('Must not be less than 1');
    expect(await page.getByLabel('Name').inputValue()).toBe('github <b>actions</b>');

    await page.getByLabel('Expires in days').fill('30');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Token created');
    token = (await page.locator('#api-token').textContent())!.trim();
    expect(token).toMatch(/^hrd_tok_[0-9a-z]+_[A-Za-z0-9_-]{20,}$/);
    expect(page.url()).not.toContain(token.slice(-12));
    expect(await page.locator('.page-header b').count()).toBe(0);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(token);
    await screenshot(page, '10d-token-created');

    expect(await readFile(`Bearer ${token}`)).toBe(200);
    expect(await readFile(basicAuth('ci', token))).toBe(200);

    await page.getByRole('link', { name: 'Done' }).click();
    await page.waitForURL('**/portal/users/ci/tokens');
    await page.reload();
    expect(await page.content()).not.toContain(secretOf(token));
    const row = page.getByRole('row', { name: /github <b>actions<\/b>/ });
    expect(await row.locator('.row-sub').textContent()).toBe(token.slice(0, token.length - secretOf(token).length - 1));
    await screenshot(page, '10e-token-list');
  });

  it('revokes the token after a confirmation; then it is refused', async () => {
    await page.getByRole('link', { name: /^Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.waitFor();
    expect(await page.locator(':focus').textContent()).toBe('Cancel');
    await screenshot(page, '10f-revoke-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect(await readFile(`Bearer ${token}`)).toBe(200);

    await page.getByRole('link', { name: /^Revoke/ }).click();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.waitForURL('**/portal/users/ci/tokens?notice=token-revoked');
    expect(await page.getByRole('heading', { name: 'No tokens' }).isVisible()).toBe(true);
    expect(await readFile(`Bearer ${token}`)).toBe(401);
  });

  it('revokes a token through the confirmation page where scripts do not run', async () => {
    const created = (await (await stack.request('POST', '/api/v1/users/ci/tokens', { body: { name: 'plain' } })).json()) as { id: string; token: string };
    const plain = await newPortalContext(browser, stack.baseUrl, { javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    await signIn(plainPage, ADMIN.username, ADMIN.password);
    await plainPage.goto('/portal/users/ci/tokens');
    await plainPage.getByRole('link', { name: 'Revoke plain' }).click();
    await plainPage.waitForURL(`**/portal/users/ci/tokens/${created.id}/revoke`);
    expect(await plainPage.getByRole('heading', { level: 1 }).textContent()).toBe('Revoke token');
    await plainPage.getByRole('button', { name: 'Revoke token' }).click();
    await plainPage.waitForURL('**/portal/users/ci/tokens?notice=token-revoked');
    expect(await readFile(`Bearer ${created.token}`)).toBe(401);
    await plain.close();
  });

  it('answers what does not exist or cannot be read with a portal page, never a stack', async () => {
    const missing = await page.goto('/portal/users/nobody/tokens');
    expect(missing?.status()).toBe(404);
    expect(await page.getByText('user nobody does not exist', { exact: false }).count()).toBe(1);
    const gone = await page.goto('/portal/users/ci/tokens/tok_01aaaaaaaaaaaaaaaaaaaaaaaa/revoke');
    expect(gone?.status()).toBe(404);
    const cursor = await page.goto('/portal/audit?cursor=not-a-cursor');
    expect(cursor?.status()).toBe(400);
    expect(await page.getByText('Cursor must be a nextCursor value from an earlier page').count()).toBe(1);
    expect(await page.content()).not.toMatch(/\.ts:\d+/);

    await page.goto('/portal/users/ci/tokens');
    await page.getByLabel('Name').fill('x'.repeat(129));
    const refused = page.waitForResponse((answer) => answer.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create token' }).click();
    expect((await refused).status()).toBe(400);
    expect(await page.locator('#token-name-error').textContent()).toContain('Must be shorter than or equal to 128 characters');
    expect(((await (await stack.request('GET', '/api/v1/users/ci/tokens')).json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it('deletes a user after a confirmation', async () => {
    await createUser(stack, 'leaving', 'reader');
    await page.goto('/portal/users/leaving');
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this user?' }).getByRole('button', { name: 'Delete user' }).click();
    await page.waitForURL('**/portal/users?notice=user-deleted');
    expect(await page.getByRole('link', { name: 'leaving', exact: true }).count()).toBe(0);
    expect(await readFile(basicAuth('leaving', 'leaving-password-1'))).toBe(401);
  });

  it('shows every change on the audit page, newest first, with a readable diff, filtered by subject', async () => {
    await page.getByRole('navigation', { name: 'Portal sections' }).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL('**/portal/audit');
    const actions = (await page.locator('tbody tr td:nth-child(4)').allTextContents()).map((text) => text.trim()).filter((action) => /^(user|token)\./.test(action));
    expect(actions.slice(0, 10)).toEqual(['user.deleted', 'user.created', 'token.revoked', 'token.created', 'token.revoked', 'token.created', 'user.updated', 'user.updated', 'user.updated', 'user.updated']);
    const roleChange = page.getByRole('row', { name: /role deployer → reader/ });
    expect(await roleChange.getByRole('cell').nth(5).textContent()).toBe('role deployer → reader');
    expect(await roleChange.getByRole('cell').nth(1).textContent()).toBe('admin');
    expect(await roleChange.getByRole('cell').nth(2).textContent()).toMatch(/127\.0\.0\.1/);
    expect(await page.getByRole('row', { name: /disabled false → true/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /password changed/ }).count()).toBe(1);
    const markup = await page.content();
    expect(markup).not.toContain('ci-password-2');
    expect(markup).not.toContain(secretOf(token));
    expect(markup).toContain('github &lt;b&gt;actions&lt;/b&gt;');
    await screenshot(page, '10g-audit');

    await page.getByLabel('Subject').fill('leaving');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL('**/portal/audit?actor=&subject=leaving');
    const subjects = (await page.locator('tbody tr td:nth-child(5) a').allTextContents()).map((text) => text.trim());
    expect(subjects).toEqual(['leaving', 'leaving']);
    expect(await page.getByLabel('Subject').inputValue()).toBe('leaving');
    await screenshot(page, '10h-audit-filtered');
  });

  it('pages back through older entries with the cursor', async () => {
    // 50 a page: enough role changes that the trail needs a second one.
    for (let round = 0; round < 26; round += 1) {
      for (const role of ['deployer', 'reader']) expect((await stack.request('PATCH', '/api/v1/users/ci', { body: { role } })).status).toBe(200);
    }
    await page.goto('/portal/audit?subject=ci');
    const first = await page.locator('tbody tr').count();
    expect(first).toBe(50);
    const newest = await page.locator('tbody tr').first().textContent();
    await page.getByRole('link', { name: 'Older' }).click();
    await page.waitForURL(/\/portal\/audit\?subject=ci&cursor=/);
    const older = await page.locator('tbody tr td:nth-child(5) a').allTextContents();
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((subject) => subject === 'ci')).toBe(true);
    expect(await page.locator('tbody tr').first().textContent()).not.toBe(newest);
    expect((await page.locator('tbody tr td:nth-child(4)').allTextContents()).map((text) => text.trim())).toContain('token.created');
    expect(await page.getByRole('link', { name: 'Older' }).count()).toBe(0);
  });
});
