import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FileEventData, PublishedPythonVersionData } from '@herald/contracts';
import { api, distinctById, verified, type Notification } from '../hygiene/helpers';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { buildDemoLib, failed, output, requireClients, succeeded, twineUpload, Venv, type ClientRun, type Distributions, type ProjectRelease } from './clients';

/**
 * The clients people use against a python repository, for real: setuptools builds demo-lib,
 * twine uploads it, pip installs it from the index into a venv and the venv's Python imports it;
 * a JSON receiver hears what happened. Each step builds on the ones before it.
 */

const RELEASES: ProjectRelease[] = [
  { version: '1.0.0', value: 'one', requiresPython: '>=3' },
  // A Python no one runs yet: pip must pass this version over.
  { version: '2.0.0', value: 'two', requiresPython: '>=3.99' },
  // Yanked once uploaded.
  { version: '1.1.0', value: 'one-one', requiresPython: '>=3' },
];
const YANK_REASON = 'broken build';
// Long enough that twine's two uploads of a version fall in one window.
const PUBLISH_QUIET_MS = 3_000;

interface IndexFile {
  filename: string;
  url: string;
  hashes: { sha256: string };
  'requires-python'?: string;
  'core-metadata': false | { sha256: string };
  yanked: boolean | string;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('python clients (setuptools, twine, pip) against a python repository', () => {
  let stack: TestStack;
  let receiver: Receiver;
  let work: string;
  let venv: Venv;
  let built: Record<string, Distributions>;
  let deployer: { username: string; password: string };
  let fileHookSecret: string;
  let publishedHookSecret: string;

  const uploadUrl = (repository: string) => `${stack.baseUrl}/repositories/${repository}/`;
  const indexUrl = (repository: string, credentials: { username: string; password: string } | null) =>
    `http://${credentials ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@` : ''}127.0.0.1:${stack.config.port}/repositories/${repository}/simple/`;
  const upload = (repository: string, version: string) => twineUpload(work, uploadUrl(repository), deployer, [built[version].sdist, built[version].wheel]);

  async function projectPage(): Promise<IndexFile[]> {
    const response = await stack.request('GET', '/repositories/py/simple/demo-lib/', { headers: { accept: 'application/vnd.pypi.simple.v1+json' } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { files: IndexFile[] }).files;
  }

  /** Installs from the private index into a venv without demo-lib; answers what its Python then imports. */
  async function install(requirement: string): Promise<{ install: ClientRun; imported: ClientRun }> {
    await venv.uninstall('demo-lib');
    const run = await venv.pip('install', indexUrl('py', deployer), [requirement]);
    return { install: run, imported: await venv.importDemoLib() };
  }

  beforeAll(async () => {
    requireClients();
    work = mkdtempSync(join(tmpdir(), 'herald-python-clients-'));
    const builds = Promise.all(RELEASES.map((release) => buildDemoLib(work, release)));
    [stack, venv] = await Promise.all([TestStack.start({ env: { HERALD_PUBLISH_QUIET: `${PUBLISH_QUIET_MS}ms` } }), Venv.create(work)]);
    built = Object.fromEntries((await builds).map((distributions, index) => [RELEASES[index].version, distributions]));

    await api(stack, 'POST', '/repositories', { name: 'py', format: 'python', visibility: 'private' });
    await api(stack, 'POST', '/repositories', { name: 'py-public', format: 'python', visibility: 'public' });
    deployer = { username: 'ci', password: 'ci-password-1' };
    await api(stack, 'POST', '/users', { ...deployer, role: 'deployer' });
    // twine and pip sign in with an API token in place of the password.
    deployer.password = (await api<{ token: string }>(stack, 'POST', '/users/ci/tokens', { name: 'twine' })).token;

    receiver = await Receiver.start();
    const fileHook = await api<{ secret: string }>(stack, 'POST', '/webhooks', { repository: 'py', target: { type: 'json', url: `${receiver.url}/files` }, events: ['file.uploaded', 'file.downloaded'] });
    const publishedHook = await api<{ secret: string }>(stack, 'POST', '/webhooks', { repository: 'py', target: { type: 'json', url: `${receiver.url}/published` }, events: ['python.version.published'] });
    fileHookSecret = fileHook.secret;
    publishedHookSecret = publishedHook.secret;
  }, 240_000);

  afterAll(async () => {
    await receiver?.stop();
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('twine uploads an sdist and a wheel with a token; pip installs the pinned version into a fresh venv', async () => {
    succeeded(await upload('py', '1.0.0'));

    const files = await projectPage();
    expect(files.map((file) => file.filename).sort()).toEqual([basename(built['1.0.0'].sdist), basename(built['1.0.0'].wheel)].sort());

    const { install: run, imported } = await install('demo-lib==1.0.0');
    succeeded(run);
    expect(succeeded(imported)).toBe('1.0.0 one\n');
  }, 120_000);

  it('pip passes over a version whose Requires-Python this interpreter does not meet', async () => {
    succeeded(await upload('py', '2.0.0'));
    const files = (await projectPage()).filter((file) => file.filename.includes('2.0.0'));
    expect(files.map((file) => file['requires-python'])).toEqual(['>=3.99', '>=3.99']);
    // What a client reads in place of the file (PEP 658): the wheel's own METADATA, by the hash the index gives.
    const wheel = files.find((file) => file.filename.endsWith('.whl'))!;
    const metadataUrl = new URL(`${wheel.url}.metadata`, `${stack.baseUrl}/repositories/py/simple/demo-lib/`);
    const metadata = await stack.request('GET', metadataUrl.pathname);
    const bytes = Buffer.from(await metadata.arrayBuffer());
    expect(metadata.status).toBe(200);
    expect(wheel['core-metadata']).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(bytes.toString('utf8')).toMatch(/^Requires-Python: >=3\.99$/m);

    const { install: run, imported } = await install('demo-lib');
    succeeded(run);
    expect(succeeded(imported)).toBe('1.0.0 one\n');

    const pinned = await install('demo-lib==2.0.0');
    expect(failed(pinned.install)).toContain('Ignored the following versions that require a different python version: 2.0.0 Requires-Python >=3.99');
    failed(pinned.imported);
  }, 180_000);

  it('pip passes over a yanked version unless it is pinned, and then says why it was yanked', async () => {
    succeeded(await upload('py', '1.1.0'));
    const before = await install('demo-lib');
    succeeded(before.install);
    expect(succeeded(before.imported)).toBe('1.1.0 one-one\n');

    await api(stack, 'POST', '/repositories/py/python/demo-lib/1.1.0/yank', { reason: YANK_REASON });
    const files = await projectPage();
    expect(files.filter((file) => file.filename.includes('1.1.0')).map((file) => file.yanked)).toEqual([YANK_REASON, YANK_REASON]);

    const unpinned = await install('demo-lib');
    succeeded(unpinned.install);
    expect(succeeded(unpinned.imported)).toBe('1.0.0 one\n');

    const pinned = await install('demo-lib==1.1.0');
    succeeded(pinned.install);
    expect(output(pinned.install)).toMatch(/is a yanked version: .*demo-lib.*1\.1\.0.* Reason for being yanked: broken build/);
    expect(succeeded(pinned.imported)).toBe('1.1.0 one-one\n');
  }, 240_000);

  it("pip download --require-hashes accepts the index's sha256 and refuses a wrong one", async () => {
    const wheel = basename(built['1.0.0'].wheel);
    const indexed = (await projectPage()).find((file) => file.filename === wheel);
    expect(indexed?.hashes.sha256).toBe(sha256(built['1.0.0'].wheel));

    const download = async (hash: string) => {
      const dir = join(work, `download-${hash.slice(0, 8)}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'requirements.txt'), `demo-lib==1.0.0 --hash=sha256:${hash}\n`);
      const run = await venv.pip('download', indexUrl('py', deployer), ['--require-hashes', '-r', join(dir, 'requirements.txt'), '--dest', join(dir, 'dest')]);
      return { run, downloaded: readdirSync(dir).includes('dest') ? readdirSync(join(dir, 'dest')) : [] };
    };

    const right = await download(indexed!.hashes.sha256);
    succeeded(right.run);
    expect(right.downloaded).toEqual([wheel]);

    const wrong = await download('0'.repeat(64));
    expect(failed(wrong.run)).toContain('THESE PACKAGES DO NOT MATCH THE HASHES');
    expect(wrong.downloaded).toEqual([]);
  }, 120_000);

  it('twine re-uploading a file fails on the 409 and shows its reason; with --skip-existing it carries on', async () => {
    const wheel = built['1.0.0'].wheel;
    const again = failed(await twineUpload(work, uploadUrl('py'), deployer, [wheel]));
    expect(again).toContain('409 Conflict');
    expect(again).toContain(`${basename(wheel)} already exists in py`);

    const skipped = await twineUpload(work, uploadUrl('py'), deployer, ['--skip-existing', wheel]);
    succeeded(skipped);
    expect(output(skipped)).toContain(`Skipping ${basename(wheel)} because it appears to already exist`);
  }, 60_000);

  it('a private repository challenges pip without credentials; a public one serves it', async () => {
    for (const path of ['/repositories/py/simple/demo-lib/', `/repositories/py/packages/demo-lib/1.0.0/${basename(built['1.0.0'].wheel)}`]) {
      const anonymous = await stack.request('GET', path, { auth: null });
      expect({ path, status: anonymous.status, challenge: anonymous.headers.get('www-authenticate') }).toEqual({ path, status: 401, challenge: 'Basic realm="Herald"' });
    }

    await venv.uninstall('demo-lib');
    // pip logs why an index page failed only at its debug level (-vv).
    const refused = failed(await venv.pip('install', indexUrl('py', null), ['-vv', 'demo-lib==1.0.0']));
    expect(refused).toContain('401 Client Error: Unauthorized');
    failed(await venv.importDemoLib());

    succeeded(await upload('py-public', '1.0.0'));
    succeeded(await venv.pip('install', indexUrl('py-public', null), ['demo-lib==1.0.0']));
    expect(succeeded(await venv.importDemoLib())).toBe('1.0.0 one\n');
  }, 180_000);

  it('a JSON webhook hears each upload and download of the flow with data.python, never data.maven', async () => {
    const wheelOf = (version: string) => basename(built[version].wheel);
    const notifications = await eventually(() => {
      const received = distinctById(receiver.requests.filter((request) => request.url === '/files').map((request) => verified<FileEventData>(request, fileHookSecret)));
      const names = (type: string) => received.filter((notification) => notification.type === type).map((notification) => notification.data.name);
      const complete = names('file.uploaded').length >= 6 && [wheelOf('1.0.0'), wheelOf('1.1.0')].every((wheel) => names('file.downloaded').includes(wheel));
      return complete && received;
    }, 'the notifications of every upload and of the downloads of the installed wheels');

    const uploads = notifications.filter((notification) => notification.type === 'file.uploaded');
    const expected = RELEASES.flatMap((release) => [built[release.version].sdist, built[release.version].wheel]);
    // Six files, each once: the refused re-uploads are no events.
    expect(uploads.map((notification) => notification.data.name).sort()).toEqual(expected.map((file) => basename(file)).sort());
    for (const file of expected) {
      const { data } = uploads.find((notification) => notification.data.name === basename(file)) as Notification<FileEventData>;
      const version = RELEASES.find((release) => basename(file).includes(release.version))!.version;
      expect(data).not.toHaveProperty('maven');
      expect(data).toMatchObject({
        repository: 'py',
        path: `packages/demo-lib/${version}/${basename(file)}`,
        sha256: sha256(file),
        actor: { username: 'ci', userAgent: expect.stringMatching(/^twine\//) },
        python: { project: 'demo-lib', version, filename: basename(file), packageType: file.endsWith('.whl') ? 'bdist_wheel' : 'sdist' },
      });
    }

    const downloads = notifications.filter((notification) => notification.type === 'file.downloaded');
    for (const notification of downloads) expect(notification.data).not.toHaveProperty('maven');
    const installed = downloads.find((notification) => notification.data.name === wheelOf('1.0.0'));
    expect(installed?.data).toMatchObject({
      repository: 'py',
      actor: { username: 'ci', userAgent: expect.stringMatching(/^pip\//) },
      python: { project: 'demo-lib', version: '1.0.0', filename: wheelOf('1.0.0'), packageType: 'bdist_wheel' },
    });
    // pip read 2.0.0's Requires-Python from the index and never fetched its files.
    expect(downloads.filter((notification) => notification.data.python?.version === '2.0.0')).toEqual([]);
  }, 120_000);

  it('a webhook on python.version.published hears each version once, with its sdist and wheel', async () => {
    const all = await eventually(() => {
      const received = distinctById(receiver.requests.filter((request) => request.url === '/published').map((request) => verified<PublishedPythonVersionData>(request, publishedHookSecret)));
      return received.length >= RELEASES.length && received;
    }, 'python.version.published of every version');

    expect(all.map((notification) => notification.data.python.version).sort()).toEqual(RELEASES.map((release) => release.version).sort());
    for (const { type, data } of all as Array<Notification<PublishedPythonVersionData>>) {
      const { version } = data.python;
      expect(type).toBe('python.version.published');
      expect(data).toMatchObject({ repository: 'py', python: { project: 'demo-lib', version } });
      const files = [built[version].sdist, built[version].wheel].map((file) => ({ path: `packages/demo-lib/${version}/${basename(file)}`, size: readFileSync(file).length, sha256: sha256(file) }));
      expect([...data.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual(files.sort((a, b) => a.path.localeCompare(b.path)));
    }
  }, 120_000);
});
