import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, TestStack } from '../support/stack';
import { launchChromium, newPortalContext, screenshot, signIn } from './portal-browser';

jest.setTimeout(120_000);

/** Public URL with a path, as behind a reverse proxy: every snippet must build on it, not on the listening address. */
const PUBLIC_URL = 'https://artifacts.example.com/herald';

/** Repositories in the portal: the format on the form and the list, and each one's connection settings, in headless Chromium. */
describe('administrator portal: repositories and their connection settings', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.start({ worker: false, env: { HERALD_PUBLIC_URL: PUBLIC_URL } }), launchChromium()]);
    expect((await stack.request('POST', '/api/v1/repositories', { body: { name: 'libs-release' } })).status).toBe(201);
    context = await newPortalContext(browser, stack.baseUrl);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    page = await context.newPage();
    await signIn(page, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function snippetText(id: string): Promise<string> {
    return (await page.locator(`#snippet-${id}`).textContent()) ?? '';
  }

  /** Clicks the copy button named `name` (its name then says Copied) and answers what the clipboard holds. */
  async function copy(name: string): Promise<string> {
    await page.getByRole('button', { name: `Copy ${name}`, exact: true }).click();
    await page.getByRole('button', { name: `Copied ${name}`, exact: true }).waitFor();
    return page.evaluate<string>('navigator.clipboard.readText()');
  }

  it('creates a python repository through the form, keeping the chosen format beside an error', async () => {
    await page.goto('/portal/repositories');
    const form = page.getByRole('form', { name: 'New repository' });
    expect(await form.getByRole('radio', { name: /Maven/ }).isChecked()).toBe(true);
    await form.getByLabel('Name').fill('py internal');
    await form.getByRole('radio', { name: /Python/ }).check();
    await form.getByRole('button', { name: 'Create repository' }).click();
    expect(await page.locator('#repository-name-error').textContent()).toContain('letters, digits');
    expect(await form.getByRole('radio', { name: /Python/ }).isChecked()).toBe(true);
    await screenshot(page, '09a-repository-form-error');

    await form.getByLabel('Name').fill('py-internal');
    await form.getByRole('button', { name: 'Create repository' }).click();
    await page.waitForURL('**/portal/repositories/py-internal?notice=repository-created');
    expect(await page.getByRole('status').first().textContent()).toContain('The repository was created');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('py-internal');
    const created = (await (await stack.request('GET', '/api/v1/repositories/py-internal')).json()) as { format: string; policy: string; visibility: string };
    expect(created).toMatchObject({ format: 'python', policy: 'release', visibility: 'private' });
  });

  it('lists each repository with its format and links to its page', async () => {
    await page.getByRole('navigation', { name: 'Portal sections' }).getByRole('link', { name: 'Repositories' }).click();
    await page.waitForURL('**/portal/repositories');
    const headers = await page.getByRole('columnheader').allTextContents();
    const format = headers.indexOf('Format');
    expect(format).toBeGreaterThan(0);
    expect(await page.getByRole('row', { name: /py-internal/ }).getByRole('cell').nth(format).textContent()).toBe('Python');
    expect(await page.getByRole('row', { name: /libs-release/ }).getByRole('cell').nth(format).textContent()).toBe('Maven');
    await screenshot(page, '09b-repository-list');

    await page.getByRole('link', { name: 'py-internal' }).click();
    await page.waitForURL('**/portal/repositories/py-internal');
  });

  it('shows a python repository’s pip, twine and uv settings on the public URL, with no password', async () => {
    const settings = await page.getByRole('region', { name: 'Settings', exact: true }).textContent();
    expect(settings).toContain('Python');
    expect(settings).toContain(`${PUBLIC_URL}/repositories/py-internal/simple/`);
    const connection = page.getByRole('region', { name: 'Connection settings' });
    expect(await connection.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Connection settings', 'pip', 'twine', 'uv']);

    const index = `https://admin:<API token>@artifacts.example.com/herald/repositories/py-internal/simple/`;
    expect(await snippetText('pip-conf')).toBe(`[global]\nindex-url = ${index}`);
    expect(await snippetText('pip-install')).toBe(`pip install --index-url '${index}' <package>`);
    const pypirc = await snippetText('twine-pypirc');
    expect(pypirc).toContain(`[py-internal]\nrepository = ${PUBLIC_URL}/repositories/py-internal/\nusername = admin\npassword = <API token>`);
    expect(await snippetText('uv-index')).toBe(`[[tool.uv.index]]\nname = "py-internal"\nurl = "${PUBLIC_URL}/repositories/py-internal/simple/"`);
    expect(await snippetText('uv-publish')).toBe(`uv publish --publish-url ${PUBLIC_URL}/repositories/py-internal/ --username admin --password '<API token>'`);

    const markup = await page.content();
    expect(markup).not.toContain(ADMIN.password);
    expect(markup).not.toContain(stack.baseUrl);
    // The placeholder is text, escaped, not an element.
    expect(markup).toContain('password = &lt;API token&gt;');
    await screenshot(page, '09c-python-connection-settings');
  });

  it('copies a snippet to the clipboard under the portal’s Content-Security-Policy', async () => {
    const answer = await page.reload();
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('script:not([src])').count()).toBe(0);

    expect(await copy('~/.pypirc')).toBe(await snippetText('twine-pypirc'));
    expect(await copy('pip.conf')).toBe(await snippetText('pip-conf'));
    await screenshot(page, '09d-copied');
  });

  it('shows a maven repository’s settings.xml, pom and Gradle settings', async () => {
    await page.goto('/portal/repositories/libs-release');
    const connection = page.getByRole('region', { name: 'Connection settings' });
    expect(await connection.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Connection settings', 'Maven', 'Gradle']);

    const settingsXml = await snippetText('maven-settings');
    expect(settingsXml).toContain('<server>\n      <id>libs-release</id>\n      <username>admin</username>\n      <password><API token></password>\n    </server>');
    expect(await page.locator('#snippet-maven-settings server').count()).toBe(0);
    const pom = await snippetText('maven-pom');
    expect(pom).toContain(`<distributionManagement>\n  <repository>\n    <id>libs-release</id>\n    <url>${PUBLIC_URL}/repositories/libs-release/</url>`);
    const gradle = await snippetText('gradle-repositories');
    expect(gradle).toContain(`url = uri("${PUBLIC_URL}/repositories/libs-release/")`);
    expect(gradle).toContain('credentials {\n            username = "admin"\n            password = "<API token>"\n        }');
    expect(await snippetText('gradle-publishing')).toContain('create<MavenPublication>("maven")');
    expect(await page.content()).not.toContain(ADMIN.password);

    expect(await copy('build.gradle.kts: publishing')).toBe(await snippetText('gradle-publishing'));
    await screenshot(page, '09e-maven-connection-settings');
  });

  it('shows the snippets without scripts too, leaving out the copy buttons that need them', async () => {
    const plain = await newPortalContext(browser, stack.baseUrl, { javaScriptEnabled: false });
    const plainPage = await plain.newPage();
    await signIn(plainPage, ADMIN.username, ADMIN.password);
    await plainPage.goto('/portal/repositories/py-internal');
    expect(await plainPage.locator('#snippet-pip-conf').isVisible()).toBe(true);
    expect(await plainPage.getByRole('button', { name: /^Copy/ }).count()).toBe(0);
    await plain.close();
  });

  it('answers a repository that does not exist with a portal 404', async () => {
    const answer = await page.goto('/portal/repositories/no-such-repository');
    expect(answer?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    expect(await page.getByText('repository no-such-repository does not exist').count()).toBe(1);
  });
});
