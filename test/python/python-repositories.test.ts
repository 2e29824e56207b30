import { createHash } from 'node:crypto';
import { AuditEntry, PythonDistribution } from '@herald/persistence';
import { coreMetadata, sdist, twineForm, wheel, type Distribution } from '../support/python-distributions';
import { TestStack } from '../support/stack';
import { admin, createUser, dialects, eventsOf } from '../files/helpers';

const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describe.each(dialects())('python repositories (%s)', (dialect) => {
  let stack: TestStack;
  let deployer: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
    await admin(stack, 'POST', '/repositories', { name: 'py', format: 'python' });
    await admin(stack, 'POST', '/repositories', { name: 'mvn' });
    deployer = await createUser(stack, 'ci', 'deployer');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function upload(distribution: Distribution, fields: Record<string, string | null> = {}, repository = 'py', auth = deployer) {
    const form = await twineForm(distribution, fields);
    return stack.request('POST', `/repositories/${repository}/`, { auth, body: new Uint8Array(form.body), headers: { 'content-type': form.contentType } });
  }

  function get(path: string, headers: Record<string, string> = {}, auth: string | null = deployer) {
    return stack.request('GET', `/repositories/py/${path}`, { auth, headers });
  }

  it('creates repositories of either format, maven by default, and refuses another', async () => {
    const listed = (await admin(stack, 'GET', '/repositories')) as { items: Array<{ name: string; format: string }> };
    expect(Object.fromEntries(listed.items.map((repository) => [repository.name, repository.format]))).toEqual({ py: 'python', mvn: 'maven' });
    const refused = await stack.request('POST', '/api/v1/repositories', { body: { name: 'npm', format: 'npm' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('format');
    const document = (await (await stack.request('GET', '/docs-json', { auth: null })).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(document.components.schemas.CreateRepositoryDto.properties.format.enum).toEqual(['maven', 'python']);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/repositories/{repository}/python/{project}/{version}/yank', '/api/v1/repositories/{repository}/python/{project}/{version}/unyank']));
  });

  it('stores a wheel and an sdist from twine uploads and indexes them as PEP 503 HTML and PEP 691 JSON', async () => {
    const metadata = coreMetadata('Demo.Lib', '1.0.0', { requiresPython: '>=3.8,<4' });
    const options = { name: 'Demo.Lib', metadata, pkgInfo: metadata };
    const [built, source] = [wheel('demo_lib', '1.0.0', options), sdist('demo_lib', '1.0.0', options)];
    for (const distribution of [built, source]) {
      const response = await upload(distribution);
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ repository: 'py', path: `packages/demo-lib/1.0.0/${distribution.filename}`, sha256: sha256(distribution.bytes) });
    }

    const root = await get('simple/');
    expect(root.status).toBe(200);
    expect(root.headers.get('vary')).toBe('Accept');
    expect(await root.text()).toContain('<a href="demo-lib/">demo-lib</a>');

    const page = await get('simple/demo-lib/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const markup = await page.text();
    const wheelLink = `<a href="../../packages/demo-lib/1.0.0/${built.filename}#sha256=${sha256(built.bytes)}" data-requires-python="&gt;=3.8,&lt;4" data-dist-info-metadata="sha256=${sha256(metadata)}" data-core-metadata="sha256=${sha256(metadata)}">${built.filename}</a>`;
    expect(markup).toContain(wheelLink);
    expect(markup).toContain(`#sha256=${sha256(source.bytes)}`);
    expect(markup).not.toContain('data-yanked');

    const json = await get('simple/demo-lib/', { accept: `${SIMPLE_JSON}, application/vnd.pypi.simple.v1+html;q=0.1, text/html;q=0.01` });
    expect(json.headers.get('content-type')).toBe(SIMPLE_JSON);
    const body = (await json.json()) as { name: string; versions: string[]; files: Array<Record<string, unknown>> };
    expect(body.name).toBe('demo-lib');
    expect(body.versions).toEqual(['1.0.0']);
    expect(body.files.find((file) => file.filename === built.filename)).toEqual({
      filename: built.filename,
      url: `../../packages/demo-lib/1.0.0/${built.filename}`,
      hashes: { sha256: sha256(built.bytes) },
      'requires-python': '>=3.8,<4',
      'core-metadata': { sha256: sha256(metadata) },
      yanked: false,
      size: built.bytes.length,
      'upload-time': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // PEP 658: the core metadata beside the file, byte for byte; the file itself from the index's URL.
    const served = await get(`packages/demo-lib/1.0.0/${built.filename}.metadata`);
    expect(await served.text()).toBe(metadata);
    const file = await get(`packages/demo-lib/1.0.0/${built.filename}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(built.bytes)).toBe(true);

    const events = (await eventsOf(stack, 'py')).filter((event) => event.type === 'file.uploaded');
    expect(events.map((event) => [event.python, event.maven])).toEqual([
      [{ project: 'demo-lib', version: '1.0.0', filename: built.filename, packageType: 'bdist_wheel' }, null],
      [{ project: 'demo-lib', version: '1.0.0', filename: source.filename, packageType: 'sdist' }, null],
    ]);
  });

  it('redirects a project URL to its normalized form, and answers 404 and 406 where it must', async () => {
    for (const [path, location] of [
      ['simple/Demo_Lib/', '/repositories/py/simple/demo-lib/'],
      ['simple/demo-lib', '/repositories/py/simple/demo-lib/'],
      ['simple', '/repositories/py/simple/'],
    ]) {
      const response = await stack.request('GET', `/repositories/py/${path}`, { auth: deployer, headers: {} });
      // fetch follows redirects: the final URL is where the 301 led.
      expect(new URL(response.url).pathname).toBe(location);
      expect(response.redirected).toBe(true);
    }
    expect((await get('simple/nothing-here/')).status).toBe(404);
    expect((await get('simple/demo-lib/', { accept: 'application/xml' })).status).toBe(406);
    const anonymous = await get('simple/', {}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Herald"');
  });

  it('refuses a file name that exists with 409, its reason in the status line as twine shows it', async () => {
    const again = await upload(wheel('demo_lib', '1.0.0', { name: 'demo-lib' }));
    expect(again.status).toBe(409);
    expect(again.statusText).toBe('Conflict: demo_lib-1.0.0-py3-none-any.whl already exists in py: Python distributions are immutable, upload a new version');
  });

  it('refuses bad metadata with 400 naming the field, and stores nothing of it', async () => {
    const good = wheel('other', '2.0');
    const cases: Array<[Distribution, Record<string, string | null>, string]> = [
      [good, { version: '2.0-' }, 'version:'],
      [good, { name: 'not a name' }, 'name:'],
      [good, { filetype: 'bdist_egg' }, 'filetype:'],
      [good, { filetype: 'sdist' }, 'filetype:'],
      [good, { name: 'another' }, 'content:'],
      [good, { sha256_digest: 'ab'.repeat(32) }, 'sha256_digest:'],
      [good, { md5_digest: 'ab'.repeat(16) }, 'md5_digest:'],
      [good, { blake2_256_digest: 'ab'.repeat(32) }, 'blake2_256_digest:'],
      [good, { sha256_digest: null, md5_digest: null, blake2_256_digest: null }, 'sha256_digest:'],
      [wheel('other', '2.0', { metadata: coreMetadata('somebody-else', '2.0') }), {}, 'content:'],
      [wheel('other', '2.0', { metadata: coreMetadata('other', '3.0') }), {}, 'content:'],
    ];
    for (const [distribution, fields, field] of cases) {
      const response = await upload(distribution, fields);
      const answer = (await response.json()) as { message: string };
      expect({ fields, status: response.status, message: answer.message.slice(0, field.length) }).toEqual({ fields, status: 400, message: field });
    }
    const unknownAction = await upload(good, { ':action': 'doc_upload' });
    expect(unknownAction.status).toBe(400);
    expect(await stack.orm.em.fork().count(PythonDistribution, { project: 'other' })).toBe(0);
    expect(await (await get('simple/')).text()).not.toContain('other');
    expect((await eventsOf(stack, 'py')).filter((event) => event.path.includes('other'))).toEqual([]);
  });

  it('keeps each format to its protocol: no PUT into a python repository, no twine upload into a maven one', async () => {
    const put = await stack.request('PUT', '/repositories/py/packages/x/1.0/x-1.0.tar.gz', { auth: deployer, body: 'bytes' });
    expect(put.status).toBe(405);
    const post = await upload(wheel('demo_lib', '9.0'), {}, 'mvn');
    expect(post.status).toBe(405);
    expect(((await post.json()) as { message: string }).message).toContain('mvn is a maven repository');
    const reader = await createUser(stack, 'pip-user', 'reader');
    expect((await upload(wheel('demo_lib', '9.0'), {}, 'py', reader)).status).toBe(403);
  });

  it('yanks and unyanks every file of a version through the admin API, audited', async () => {
    for (const distribution of [wheel('demo_lib', '1.1.0'), sdist('demo_lib', '1.1.0')]) expect((await upload(distribution)).status).toBe(201);
    const yanked = await stack.request('POST', '/api/v1/repositories/py/python/Demo_Lib/1.1/yank', { body: { reason: 'broken <build>' } });
    expect(yanked.status).toBe(404);
    const response = await stack.request('POST', '/api/v1/repositories/py/python/Demo_Lib/1.1.0/yank', { body: { reason: 'broken <build>' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      repository: 'py',
      project: 'demo-lib',
      version: '1.1.0',
      yanked: true,
      reason: 'broken <build>',
      files: ['demo_lib-1.1.0-py3-none-any.whl', 'demo_lib-1.1.0.tar.gz'],
    });
    const markup = await (await get('simple/demo-lib/')).text();
    expect(markup.match(/data-yanked="broken &lt;build&gt;"/g)).toHaveLength(2);
    const json = (await (await get('simple/demo-lib/', { accept: SIMPLE_JSON })).json()) as { versions: string[]; files: Array<{ filename: string; yanked: unknown }> };
    expect(json.versions).toEqual(['1.0.0', '1.1.0']);
    expect(json.files.map((file) => [file.filename, file.yanked])).toEqual([
      ['demo_lib-1.0.0-py3-none-any.whl', false],
      ['demo_lib-1.0.0.tar.gz', false],
      ['demo_lib-1.1.0-py3-none-any.whl', 'broken <build>'],
      ['demo_lib-1.1.0.tar.gz', 'broken <build>'],
    ]);

    const unyanked = await stack.request('POST', '/api/v1/repositories/py/python/demo-lib/1.1.0/unyank');
    expect(((await unyanked.json()) as { yanked: boolean }).yanked).toBe(false);
    expect(await (await get('simple/demo-lib/')).text()).not.toContain('data-yanked');
    const audit = await stack.orm.em.fork().find(AuditEntry, { subjectType: 'repository', subjectId: 'py', action: { $like: 'python_version.%' } }, { orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.address, entry.detail])).toEqual([
      ['python_version.yanked', 'admin', '127.0.0.1', { project: 'demo-lib', version: '1.1.0', reason: 'broken <build>' }],
      ['python_version.unyanked', 'admin', '127.0.0.1', { project: 'demo-lib', version: '1.1.0' }],
    ]);
    expect((await stack.request('POST', '/api/v1/repositories/mvn/python/demo-lib/1.1.0/yank')).status).toBe(400);
    expect((await stack.request('POST', '/api/v1/repositories/py/python/demo-lib/1.1.0/yank', { auth: deployer })).status).toBe(403);
  });

  it('takes a deleted file out of the index', async () => {
    const path = 'packages/demo-lib/1.1.0/demo_lib-1.1.0.tar.gz';
    expect((await stack.request('DELETE', `/repositories/py/${path}`, { auth: deployer })).status).toBe(204);
    expect(await (await get('simple/demo-lib/')).text()).not.toContain('demo_lib-1.1.0.tar.gz');
    expect(await stack.orm.em.fork().count(PythonDistribution, { filename: 'demo_lib-1.1.0.tar.gz' })).toBe(0);
    const deleted = (await eventsOf(stack, 'py')).find((event) => event.type === 'file.deleted');
    expect(deleted?.python).toEqual({ project: 'demo-lib', version: '1.1.0', filename: 'demo_lib-1.1.0.tar.gz', packageType: 'sdist' });
    expect((await get(`${path}.metadata`)).status).toBe(404);
  });
});
