import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Receiver } from '../support/receiver';
import { basicAuth } from '../support/credentials';
import { ADMIN, TestStack } from '../support/stack';
import { launchChromium, newPortalContext, reloadUntil, screenshot, sessionCookieHeader, signIn } from './portal-browser';

jest.setTimeout(120_000);

/**
 * The administrator's flow of the seed product, step by step, in headless Chromium against the
 * whole stack (API, worker, the test run's Temporal dev server, SQLite) and a loopback receiver.
 * The steps share one browser session, in order, as an admin would walk through them.
 */
describe('administrator portal in a real browser', () => {
  let stack: TestStack;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let webhookId: string;
  let firstSecret: string;

  beforeAll(async () => {
    [stack, receiver, browser] = await Promise.all([TestStack.start({ env: { HERALD_ALLOW_PRIVATE_TARGETS: 'true' } }), Receiver.start(), launchChromium()]);
    const created = await stack.request('POST', '/api/v1/repositories', { body: { name: 'libs-release', policy: 'release', visibility: 'private' } });
    expect(created.status).toBe(201);
    context = await newPortalContext(browser, stack.baseUrl);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await stack?.stop();
  });

  it('1. sends an anonymous visitor to sign in, refuses a wrong password, and signs the admin in', async () => {
    await page.goto('/portal/webhooks');
    expect(new URL(page.url()).pathname).toBe('/portal/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/portal/webhooks');
    await screenshot(page, '01-sign-in');

    await signIn(page, ADMIN.username, 'not-the-password');
    expect(await page.getByRole('alert').textContent()).toContain('Wrong username or password');
    expect(await page.getByLabel('Username').inputValue()).toBe(ADMIN.username);

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/portal/webhooks');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhooks');
  });

  it('1. keeps the session in an HttpOnly, SameSite=Strict cookie scoped to /portal, an opaque secret', async () => {
    const session = (await context.cookies()).find((cookie) => cookie.name === 'herald_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/portal' });
    expect(await page.evaluate('document.cookie')).toBe('');

    expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const guessed = `${session!.value.slice(0, -1)}${session!.value.endsWith('A') ? 'B' : 'A'}`;
    const answer = await fetch(`${stack.baseUrl}/portal/webhooks`, { headers: { cookie: `herald_session=${guessed}` }, redirect: 'manual' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/portal/login?next=%2Fportal%2Fwebhooks');
  });

  it('2. has a side navigation to Webhooks, Repositories, Users, Events and Audit', async () => {
    const nav = page.getByRole('navigation', { name: 'Portal sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Webhooks', 'Repositories', 'Users', 'Events', 'Audit']);
    expect(await nav.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');

    await nav.getByRole('link', { name: 'Repositories' }).click();
    await page.waitForURL('**/portal/repositories');
    expect(await page.getByRole('cell', { name: /libs-release/ }).count()).toBeGreaterThan(0);
    await screenshot(page, '02-navigation-repositories');
    await nav.getByRole('link', { name: 'Users' }).click();
    expect(await page.getByRole('link', { name: 'admin', exact: true }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL('**/portal/webhooks');
  });

  it('3. says the webhook list is empty and points at the create button', async () => {
    expect(await page.getByRole('heading', { name: 'No webhooks yet' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Create Webhook' }).isVisible()).toBe(true);
    await screenshot(page, '03-empty-list');
  });

  it('4. creates a JSON webhook: errors beside their fields first, then the secret once', async () => {
    await page.getByRole('link', { name: 'Create Webhook' }).click();
    await page.waitForURL('**/portal/webhooks/new');
    expect(await page.getByLabel('Repository').locator('option').allTextContents()).toEqual(['Choose a repository…', 'libs-release']);
    // Every field has a label.
    const unlabelled = await page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((field) => field.labels.length === 0).length");
    expect(unlabelled).toBe(0);
    // The address field appears once its type is chosen.
    expect(await page.getByLabel('JSON URL', { exact: true }).isVisible()).toBe(false);
    await page.getByRole('radio', { name: /JSON URL/ }).check();
    expect(await page.getByLabel('JSON URL', { exact: true }).isVisible()).toBe(true);
    await screenshot(page, '04a-create-form');

    await page.getByLabel('JSON URL', { exact: true }).fill('ftp://ci.example.com/hook');
    await page.getByRole('button', { name: 'Add Webhook' }).click();
    expect(await page.locator('#repository-error').textContent()).toContain('required');
    expect(await page.locator('#target-json-url-error').textContent()).toContain('http or https');
    expect(await page.locator('#events-error').textContent()).toContain('at least one event type');
    expect(await page.getByLabel('JSON URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('JSON URL', { exact: true }).inputValue()).toBe('ftp://ci.example.com/hook');
    await screenshot(page, '04b-create-validation');

    await page.getByLabel('Repository').selectOption('libs-release');
    await page.getByLabel('JSON URL', { exact: true }).fill(`${receiver.url}/hooks/artifacts`);
    await page.getByLabel('File Upload').check();
    await page.getByLabel(/Description/).fill('CI trigger <b>not bold</b>');
    await page.getByRole('button', { name: 'Add Webhook' }).click();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhook created');
    firstSecret = (await page.locator('#signing-secret').textContent())!.trim();
    expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    expect(await page.getByRole('button', { name: 'Copy' }).isVisible()).toBe(true);
    await screenshot(page, '04c-created-secret');

    await page.getByRole('link', { name: 'Continue to webhook details' }).click();
    webhookId = new URL(page.url()).pathname.split('/').pop()!;
    expect(webhookId).toMatch(/^wh_/);
    expect(await page.content()).not.toContain(firstSecret);
  });

  it('5. lists the new webhook: repository, target, events, state, last delivery', async () => {
    await page.getByRole('navigation', { name: 'Portal sections' }).getByRole('link', { name: 'Webhooks' }).click();
    const row = page.getByRole('row', { name: /libs-release/ });
    const text = await row.textContent();
    expect(text).toContain(`${receiver.url}/hooks/artifacts`);
    expect(text).toContain('File Upload');
    expect(text).toContain('Active');
    expect(text).toContain('No deliveries yet');
    expect(text).toContain('CI trigger <b>not bold</b>');
    await screenshot(page, '05-list');
  });

  it('6. opens the Webhook Details page with its settings', async () => {
    await page.getByRole('link', { name: 'JSON URL' }).click();
    await page.waitForURL(`**/portal/webhooks/${webhookId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Webhook Details');
    const settings = await page.getByRole('region', { name: 'Settings' }).textContent();
    expect(settings).toContain('libs-release');
    expect(settings).toContain(`${receiver.url}/hooks/artifacts`);
    expect(settings).toContain('File Upload');
    expect(await page.getByRole('img', { name: /Deliveries in the last 24 hours: 0 succeeded, 0 failed/ }).count()).toBe(1);
    await screenshot(page, '06-details');
  });

  it('7. shows real deliveries in the history, their attempts, the Temporal link, and redelivers', async () => {
    // The receiver is busy once (a retried attempt), then fine; a later file meets a 410 (failed).
    receiver.respondWith((_request, index) => (index === 0 ? { status: 503, body: 'upstream busy, try later' } : { status: 200, body: 'ok' }));
    const jar = await stack.request('PUT', '/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar', { body: 'jar bytes', headers: { 'content-type': 'application/java-archive' } });
    expect(jar.status).toBe(201);
    const [busy, accepted] = await receiver.waitFor(2);
    // The secret the portal showed once is the one that signs.
    const verified = new StandardWebhook(firstSecret).verify(accepted.body, {
      'webhook-id': String(accepted.headers['webhook-id']),
      'webhook-timestamp': String(accepted.headers['webhook-timestamp']),
      'webhook-signature': String(accepted.headers['webhook-signature']),
    }) as { type: string; data: { id: string } };
    expect(verified.type).toBe('file.uploaded');
    expect(busy.headers['webhook-id']).toBe(verified.data.id);

    receiver.respondWith(() => ({ status: 410, body: 'this hook is gone' }));
    const pom = await stack.request('PUT', '/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.pom', { body: '<project/>' });
    expect(pom.status).toBe(201);
    const [, , gone] = await receiver.waitFor(3);
    receiver.respondWith(() => ({ status: 200, body: 'ok' }));
    const goneEventId = String(gone.headers['webhook-id']);

    const history = page.getByRole('region', { name: 'Delivery history' });
    await reloadUntil(page, async () => (await history.getByText('Succeeded').count()) === 1 && (await history.getByText('Failed').count()) === 1);
    const row = history.getByRole('row', { name: new RegExp(verified.data.id) });
    expect(await row.getByRole('cell').nth(0).textContent()).toBe('Succeeded');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('2');
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('200');
    const failed = history.getByRole('row', { name: new RegExp(goneEventId) });
    expect(await failed.getByRole('cell').nth(0).textContent()).toBe('Failed');
    expect(await failed.getByRole('cell').nth(3).textContent()).toBe('410');
    // Newest first.
    expect(await history.getByRole('row').nth(1).textContent()).toContain(goneEventId);
    await reloadUntil(page, async () => (await page.getByRole('img', { name: /1 succeeded, 1 failed/ }).count()) === 1);
    await screenshot(page, '07a-delivery-history');

    await row.getByRole('link', { name: 'File Upload' }).click();
    await page.waitForURL('**/portal/deliveries/**');
    const attempts = page.getByRole('region', { name: 'Attempts' }).getByRole('row');
    expect(await attempts.count()).toBe(3);
    const first = await attempts.nth(1).textContent();
    expect(first).toContain('503');
    expect(first).toContain('upstream busy, try later');
    const second = await attempts.nth(2).textContent();
    expect(second).toContain('200');
    expect(second).toContain('ok');
    const temporal = page.getByRole('link', { name: /View in Temporal/ });
    expect(await temporal.getAttribute('href')).toBe(`${stack.config.temporal.uiUrl}/namespaces/default/workflows/file-event-${verified.data.id}`);
    await screenshot(page, '07b-delivery-attempts');

    await page.getByRole('button', { name: 'Redeliver' }).click();
    const again = (await receiver.waitFor(4))[3];
    expect(again.headers['webhook-id']).toBe(verified.data.id);
    expect(await page.getByRole('status').first().textContent()).toContain('being sent again');
    // No reload: the page follows a delivery in flight by itself (portal.js).
    await page.getByRole('region', { name: 'Summary' }).getByText('Succeeded').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('region', { name: 'Attempts' }).getByRole('row').count()).toBe(2);
    await screenshot(page, '07c-redelivered');
  });

  it('6. sends a test event', async () => {
    await page.goto(`/portal/webhooks/${webhookId}`);
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('test event is on its way');
    const requests = await receiver.waitFor(before + 1);
    expect(JSON.parse(requests[before].body).type).toBe('webhook.test');
    await page.getByRole('region', { name: 'Delivery history' }).getByRole('row', { name: /Test Event/ }).getByText('Succeeded').waitFor({ timeout: 30_000 });
    // The chart follows along: the test event made it three successes.
    expect(await page.getByRole('img', { name: /3 succeeded, 1 failed/ }).count()).toBe(1);
    await screenshot(page, '06b-test-event');

    await page.getByRole('navigation', { name: 'Portal sections' }).getByRole('link', { name: 'Webhooks' }).click();
    const row = await page.getByRole('row', { name: /libs-release/ }).textContent();
    expect(row).toContain('Succeeded');
    expect(row).toContain('HTTP 200');
    await screenshot(page, '05b-list-last-delivery');
    await page.goto(`/portal/webhooks/${webhookId}`);
  });

  it('6. pauses and resumes the webhook', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('paused');
    expect(await page.getByRole('region', { name: 'Settings' }).getByText('Paused').count()).toBe(1);
    const paused = (await (await stack.request('GET', `/api/v1/webhooks/${webhookId}`)).json()) as { active: boolean };
    expect(paused.active).toBe(false);
    await screenshot(page, '06c-paused');

    await page.getByRole('button', { name: 'Resume' }).click();
    expect(await page.getByRole('region', { name: 'Settings' }).getByText('Active').count()).toBe(1);
    const resumed = (await (await stack.request('GET', `/api/v1/webhooks/${webhookId}`)).json()) as { active: boolean };
    expect(resumed.active).toBe(true);
  });

  it('6. edits the events and the target', async () => {
    await page.getByRole('link', { name: 'Edit' }).first().click();
    await page.waitForURL(`**/portal/webhooks/${webhookId}/edit`);
    expect(await page.getByLabel('JSON URL', { exact: true }).inputValue()).toBe(`${receiver.url}/hooks/artifacts`);
    expect(await page.getByLabel('File Upload').isChecked()).toBe(true);
    await page.getByLabel('File Deletion').check();
    await page.getByLabel('JSON URL', { exact: true }).fill(`${receiver.url}/hooks/v2`);
    await screenshot(page, '06d-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();

    expect(await page.getByRole('status').first().textContent()).toContain('changes were saved');
    const settings = await page.getByRole('region', { name: 'Settings' }).textContent();
    expect(settings).toContain(`${receiver.url}/hooks/v2`);
    expect(settings).toContain('File Deletion');
    expect(await page.getByRole('region', { name: 'Activity' }).textContent()).toContain('changed target, events');
  });

  it('6. rotates the secret and shows the new one once', async () => {
    await page.getByRole('button', { name: 'Rotate' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New signing secret');
    const rotated = (await page.locator('#signing-secret').textContent())!.trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(firstSecret);
    await screenshot(page, '06e-rotated-secret');
    await page.getByRole('link', { name: 'Continue to webhook details' }).click();
  });

  it('6. deletes the webhook after confirming in a dialog', async () => {
    await page.getByRole('link', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.waitFor();
    // The safe choice has the focus; Escape closes the dialog and nothing is deleted.
    expect(await page.locator(':focus').textContent()).toBe('Cancel');
    await screenshot(page, '06f-delete-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect((await stack.request('GET', `/api/v1/webhooks/${webhookId}`)).status).toBe(200);

    await page.getByRole('link', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.waitForURL('**/portal/webhooks?notice=webhook-deleted');
    expect(await page.getByRole('status').first().textContent()).toContain('deleted');
    expect(await page.getByRole('heading', { name: 'No webhooks yet' }).isVisible()).toBe(true);
    expect((await stack.request('GET', `/api/v1/webhooks/${webhookId}`)).status).toBe(404);
    await screenshot(page, '06g-deleted');
  });

  it('6. deletes through a confirmation page where scripts do not run', async () => {
    const made = (await (await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.deleted'] } })).json()) as { id: string };
    const plain = await newPortalContext(browser, stack.baseUrl, { javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    await signIn(plainPage, ADMIN.username, ADMIN.password);
    await plainPage.goto(`/portal/webhooks/${made.id}`);
    await plainPage.getByRole('link', { name: 'Delete' }).click();
    await plainPage.waitForURL(`**/portal/webhooks/${made.id}/delete`);
    await screenshot(plainPage, '06h-delete-page-without-js');
    await plainPage.getByRole('button', { name: 'Delete webhook' }).click();
    await plainPage.waitForURL('**/portal/webhooks?notice=webhook-deleted');
    expect((await stack.request('GET', `/api/v1/webhooks/${made.id}`)).status).toBe(404);
    await plain.close();
  });

  it('refuses a change without this session’s CSRF token (403) and a change without a session', async () => {
    const made = (await (await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.deleted'] } })).json()) as { id: string };
    const cookie = await sessionCookieHeader(context);
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
    const missing = await fetch(`${stack.baseUrl}/portal/webhooks/${made.id}/delete`, { method: 'POST', headers: form, body: '', redirect: 'manual' });
    expect(missing.status).toBe(403);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(await missing.text()).toContain('This form has expired or did not come from this portal');
    const wrong = await fetch(`${stack.baseUrl}/portal/webhooks/${made.id}/pause`, { method: 'POST', headers: form, body: '_csrf=forged-token', redirect: 'manual' });
    expect(wrong.status).toBe(403);
    const anonymous = await fetch(`${stack.baseUrl}/portal/webhooks/${made.id}/delete`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x', redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/portal/login');

    const still = (await (await stack.request('GET', `/api/v1/webhooks/${made.id}`)).json()) as { active: boolean };
    expect(still.active).toBe(true);
    const signInWithoutForm = await fetch(`${stack.baseUrl}/portal/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: ADMIN.username, password: ADMIN.password }).toString(),
      redirect: 'manual',
    });
    expect(signInWithoutForm.status).toBe(403);
    expect(signInWithoutForm.headers.get('set-cookie') ?? '').not.toMatch(/herald_session=[^;]/);
    expect((await stack.request('DELETE', `/api/v1/webhooks/${made.id}`, { auth: basicAuth(ADMIN.username, ADMIN.password) })).status).toBe(204);
  });

  it('signs out, which ends a copy of the cookie too', async () => {
    await page.goto('/portal/webhooks');
    const copied = await sessionCookieHeader(context);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/portal/login?signedOut=1');
    expect(await page.getByRole('status').textContent()).toContain('signed out');
    await page.goto('/portal/webhooks');
    expect(new URL(page.url()).pathname).toBe('/portal/login');
    const replayed = await fetch(`${stack.baseUrl}/portal/webhooks`, { headers: { cookie: copied }, redirect: 'manual' });
    expect(replayed.status).toBe(303);
    await screenshot(page, '08-signed-out');
  });

});
