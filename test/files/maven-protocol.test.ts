import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { StoredFile } from '@herald/persistence';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { admin, backends, createUser, eventsOf, rawRequest } from './helpers';

const sha1 = (body: string | Buffer) => createHash('sha1').update(body).digest('hex');
const md5 = (body: string | Buffer) => createHash('md5').update(body).digest('hex');
const sha256 = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');
const sha512 = (body: string | Buffer) => createHash('sha512').update(body).digest('hex');

const MAVEN = { 'user-agent': 'Apache-Maven/3.9.6 (Java 21; Linux)' };
const GROUP = 'com/example/demo';

describe.each(backends())('the Maven-layout protocol ($label)', ({ dialect, storage }) => {
  let stack: TestStack;
  let deployer: string;
  let reader: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, storage, worker: false });
    await admin(stack, 'POST', '/repositories', { name: 'libs-release', policy: 'release' });
    await admin(stack, 'POST', '/repositories', { name: 'libs-snapshot', policy: 'snapshot' });
    await admin(stack, 'POST', '/repositories', { name: 'public-release', policy: 'release', visibility: 'public' });
    // Someone listens to every file event here, so each one is recorded as these tests read them
    // (no worker runs: the events wait in Temporal, nothing is sent).
    for (const repository of ['libs-release', 'libs-snapshot', 'public-release']) {
      await admin(stack, 'POST', '/webhooks', { repository, target: { type: 'json', url: 'http://127.0.0.1:9/hook' }, events: ['file.uploaded', 'file.downloaded', 'file.deleted'] });
    }
    deployer = await createUser(stack, 'ci', 'deployer');
    reader = await createUser(stack, 'dev', 'reader');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** What Maven does per file: try without credentials, get the challenge, retry with them. */
  async function deploy(repository: string, path: string, body: string): Promise<void> {
    const url = `/repositories/${repository}/${path}`;
    const challenge = await rawRequest(stack, 'PUT', url, { headers: MAVEN, body });
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toBe('Basic realm="Herald"');
    const put = await rawRequest(stack, 'PUT', url, { headers: { ...MAVEN, authorization: deployer }, body });
    expect(put.status).toBe(201);
  }

  it('takes a Maven deploy: jar, pom, checksums and maven-metadata.xml, each after the challenge', async () => {
    const jar = 'PK\u0003\u0004 jar bytes';
    const pom = '<project><artifactId>demo</artifactId><version>1.0.0</version></project>';
    const metadata = '<metadata><groupId>com.example</groupId><artifactId>demo</artifactId><versioning><release>1.0.0</release></versioning></metadata>';

    const missingMetadata = await rawRequest(stack, 'GET', `/repositories/libs-release/${GROUP}/maven-metadata.xml`, { headers: { ...MAVEN, authorization: deployer } });
    expect(missingMetadata.status).toBe(404);
    const files: Array<[string, string]> = [
      [`${GROUP}/1.0.0/demo-1.0.0.jar`, jar],
      [`${GROUP}/1.0.0/demo-1.0.0.jar.sha1`, sha1(jar)],
      [`${GROUP}/1.0.0/demo-1.0.0.jar.md5`, md5(jar)],
      [`${GROUP}/1.0.0/demo-1.0.0.pom`, pom],
      [`${GROUP}/1.0.0/demo-1.0.0.pom.sha1`, sha1(pom)],
      [`${GROUP}/1.0.0/demo-1.0.0.pom.md5`, md5(pom)],
      [`${GROUP}/maven-metadata.xml`, metadata],
      [`${GROUP}/maven-metadata.xml.sha1`, sha1(metadata)],
      [`${GROUP}/maven-metadata.xml.md5`, md5(metadata)],
    ];
    for (const [path, body] of files) await deploy('libs-release', path, body);

    for (const [path, body] of files) {
      const challenge = await rawRequest(stack, 'GET', `/repositories/libs-release/${path}`, { headers: MAVEN });
      expect(challenge.status).toBe(401);
      expect(challenge.headers['www-authenticate']).toBe('Basic realm="Herald"');
      const get = await rawRequest(stack, 'GET', `/repositories/libs-release/${path}`, { headers: { ...MAVEN, authorization: deployer } });
      expect(get.status).toBe(200);
      expect(get.body.toString()).toBe(body);
      expect(get.headers['x-checksum-sha1']).toBe(sha1(body));
    }

    const types = Object.fromEntries((await stack.orm.em.fork().find(StoredFile, {})).map((file) => [file.path, file.contentType]));
    expect(types[`${GROUP}/1.0.0/demo-1.0.0.jar`]).toBe('application/java-archive');
    expect(types[`${GROUP}/1.0.0/demo-1.0.0.pom`]).toBe('application/xml');
    expect(types[`${GROUP}/maven-metadata.xml`]).toBe('application/xml');
    expect(types[`${GROUP}/1.0.0/demo-1.0.0.jar.sha1`]).toBe('text/plain');

    // A second release: maven-metadata.xml and its checksums are rewritten; that is allowed on release.
    const metadata2 = metadata.replace('<release>1.0.0</release>', '<release>1.1.0</release>');
    await deploy('libs-release', `${GROUP}/maven-metadata.xml`, metadata2);
    await deploy('libs-release', `${GROUP}/maven-metadata.xml.sha1`, sha1(metadata2));

    const events = await eventsOf(stack, 'libs-release');
    const uploads = events.filter((event) => event.type === 'file.uploaded');
    expect(uploads.map((event) => event.path)).toEqual([...files.map(([path]) => path), `${GROUP}/maven-metadata.xml`, `${GROUP}/maven-metadata.xml.sha1`]);
    expect(events.filter((event) => event.type === 'file.downloaded')).toHaveLength(files.length);
    const jarEvent = uploads[0];
    expect(jarEvent).toMatchObject({
      repository: 'libs-release',
      name: 'demo-1.0.0.jar',
      size: Buffer.byteLength(jar),
      sha256: sha256(jar),
      sha1: sha1(jar),
      md5: md5(jar),
      contentType: 'application/java-archive',
      actorUsername: 'ci',
      actorIp: '127.0.0.1',
      actorUserAgent: MAVEN['user-agent'],
      maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' },
    });
    expect(uploads[1].maven).toEqual({ groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar.sha1' });
    expect(uploads[6].maven).toBeNull();
  });

  it('answers the challenge to a client that sends a large body before reading, then takes the retry', async () => {
    const body = Buffer.alloc(16 * 1024 * 1024, 3);
    const url = '/repositories/libs-snapshot/challenge/big/1-SNAPSHOT/big-1-SNAPSHOT.jar';
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const put = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port: stack.config.port, method: 'PUT', path: url, agent, headers: { 'content-length': String(body.length), ...headers } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        });
        request.on('socket', (socket) => sockets.add(socket));
        request.on('error', reject);
        request.end(body);
      });
    try {
      expect(await put({})).toBe(401);
      expect(await put({ authorization: deployer })).toBe(201);
    } finally {
      agent.destroy();
    }
    // The refused body was read and dropped, so the retry could reuse the connection.
    expect(sockets.size).toBe(1);
    const get = await rawRequest(stack, 'GET', url, { headers: { authorization: deployer } });
    expect(get.body.equals(body)).toBe(true);
  });

  it('takes what Gradle adds: .sha256, .sha512 and the .module file', async () => {
    const module = JSON.stringify({ formatVersion: '1.1', component: { group: 'com.example', module: 'lib', version: '2.0.0' } });
    const base = 'com/example/lib/2.0.0/lib-2.0.0';
    const gradle = { 'user-agent': 'Gradle/8.10 (Linux;6.1;amd64) (Eclipse Adoptium;21;21+35)', authorization: deployer };
    for (const [path, body] of [
      [`${base}.module`, module],
      [`${base}.module.sha1`, sha1(module)],
      [`${base}.module.sha256`, sha256(module)],
      [`${base}.module.sha512`, sha512(module)],
      [`${base}.module.md5`, md5(module)],
    ]) {
      const put = await rawRequest(stack, 'PUT', `/repositories/libs-release/${path}`, { headers: gradle, body });
      expect(put.status).toBe(201);
    }
    const get = await rawRequest(stack, 'GET', `/repositories/libs-release/${base}.module`, { headers: gradle });
    expect(get.headers['content-type']).toBe('application/json');
    expect(JSON.parse(get.body.toString())).toMatchObject({ formatVersion: '1.1' });
    const sums = await rawRequest(stack, 'GET', `/repositories/libs-release/${base}.module.sha512`, { headers: gradle });
    expect(sums.body.toString()).toBe(sha512(module));
    expect(sums.headers['content-type']).toBe('text/plain');
    const [event] = (await eventsOf(stack, 'libs-release')).filter((e) => e.path === `${base}.module`);
    expect(event.maven).toEqual({ groupId: 'com.example', artifactId: 'lib', version: '2.0.0', classifier: null, extension: 'module' });
  });

  it('refuses a redeploy on release (nothing changes, no event) and allows it on snapshot', async () => {
    const path = 'org/acme/tool/3.0/tool-3.0.jar';
    expect((await rawRequest(stack, 'PUT', `/repositories/libs-release/${path}`, { headers: { authorization: deployer }, body: 'first' })).status).toBe(201);
    const before = (await eventsOf(stack, 'libs-release')).length;
    const again = await rawRequest(stack, 'PUT', `/repositories/libs-release/${path}`, { headers: { authorization: deployer }, body: 'second' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body.toString())).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect((await rawRequest(stack, 'GET', `/repositories/libs-release/${path}`, { headers: { authorization: deployer } })).body.toString()).toBe('first');
    expect((await eventsOf(stack, 'libs-release')).length).toBe(before + 1);

    const snapshot = 'org/acme/tool/3.1-SNAPSHOT/tool-3.1-SNAPSHOT.jar';
    for (const body of ['build one', 'build two']) {
      expect((await rawRequest(stack, 'PUT', `/repositories/libs-snapshot/${snapshot}`, { headers: { authorization: deployer }, body })).status).toBe(201);
      // Each version read back with its own checksums: remembered metadata never outlives its bytes.
      const read = await rawRequest(stack, 'GET', `/repositories/libs-snapshot/${snapshot}`, { headers: { authorization: deployer } });
      expect([read.body.toString(), read.headers['x-checksum-sha256']]).toEqual([body, sha256(body)]);
    }
    const get = await rawRequest(stack, 'GET', `/repositories/libs-snapshot/${snapshot}`, { headers: { authorization: deployer } });
    expect(get.body.toString()).toBe('build two');
    expect(get.headers['x-checksum-sha256']).toBe(sha256('build two'));
    const uploads = (await eventsOf(stack, 'libs-snapshot')).filter((event) => event.path === snapshot && event.type === 'file.uploaded');
    expect(uploads.map((event) => event.sha256)).toEqual([sha256('build one'), sha256('build two')]);
  });

  it('answers GET and HEAD with the headers build tools use, Range with 206, conditions with 304', async () => {
    const body = '0123456789abcdefghij';
    const url = '/repositories/libs-release/net/example/headers/1/headers-1.jar';
    const auth = { authorization: deployer };
    await rawRequest(stack, 'PUT', url, { headers: auth, body });
    const eventsBefore = (await eventsOf(stack, 'libs-release')).length;

    const head = await rawRequest(stack, 'HEAD', url, { headers: auth });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers).toMatchObject({
      'content-length': '20',
      'content-type': 'application/java-archive',
      etag: `"${sha256(body)}"`,
      'x-checksum-sha1': sha1(body),
      'x-checksum-md5': md5(body),
      'x-checksum-sha256': sha256(body),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    const lastModified = head.headers['last-modified'] as string;
    expect(Math.abs(Date.parse(lastModified) - Date.now())).toBeLessThan(60_000);

    const get = await rawRequest(stack, 'GET', url, { headers: auth });
    expect(get.status).toBe(200);
    expect(get.body.toString()).toBe(body);
    expect(get.headers['content-length']).toBe('20');
    expect(get.headers.etag).toBe(head.headers.etag);

    const partial = await rawRequest(stack, 'GET', url, { headers: { ...auth, range: 'bytes=2-5' } });
    expect(partial.status).toBe(206);
    expect(partial.body.toString()).toBe('2345');
    expect(partial.headers['content-range']).toBe('bytes 2-5/20');
    expect(partial.headers['content-length']).toBe('4');
    const suffix = await rawRequest(stack, 'GET', url, { headers: { ...auth, range: 'bytes=-3' } });
    expect([suffix.status, suffix.body.toString()]).toEqual([206, 'hij']);
    const open = await rawRequest(stack, 'GET', url, { headers: { ...auth, range: 'bytes=15-' } });
    expect([open.status, open.body.toString()]).toEqual([206, 'fghij']);

    for (const range of ['bytes=20-', 'bytes=9-3', 'bytes=x-y']) {
      const refused = await rawRequest(stack, 'GET', url, { headers: { ...auth, range } });
      expect(refused.status).toBe(416);
      expect(refused.headers['content-range']).toBe('bytes */20');
    }

    const notModified = await rawRequest(stack, 'GET', url, { headers: { ...auth, 'if-none-match': head.headers.etag as string } });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    const sinceThen = await rawRequest(stack, 'GET', url, { headers: { ...auth, 'if-modified-since': lastModified } });
    expect(sinceThen.status).toBe(304);
    const changed = await rawRequest(stack, 'GET', url, { headers: { ...auth, 'if-none-match': '"something-else"' } });
    expect(changed.status).toBe(200);

    // Downloads with a body: the GET, the three 206s and the changed one; not HEAD, 304 or 416.
    const downloads = (await eventsOf(stack, 'libs-release')).slice(eventsBefore);
    expect(downloads.map((event) => event.type)).toEqual(Array(5).fill('file.downloaded'));
    const listing = await rawRequest(stack, 'GET', '/repositories/libs-release/net/example/headers/1/', { headers: { ...auth, accept: 'application/json' } });
    const listed = (JSON.parse(listing.body.toString()) as { items: Array<{ name: string; downloadCount: number | null; lastDownloadedAt: string | null }> }).items;
    expect(listed.find((item) => item.name === 'headers-1.jar')).toMatchObject({ downloadCount: 5, lastDownloadedAt: expect.any(String) });
    // Written within a flush interval.
    await eventually(async () => {
      const stored = await stack.orm.em.fork().findOneOrFail(StoredFile, { path: 'net/example/headers/1/headers-1.jar' });
      return stored.downloadCount === 5 && stored.lastDownloadedAt instanceof Date;
    }, 'the download count written behind', { timeoutMs: 10_000 });
  });

  it('applies roles: readers read but neither write nor delete; public repositories are readable by anyone', async () => {
    const url = '/repositories/libs-release/roles/a/1/a-1.jar';
    expect((await rawRequest(stack, 'PUT', url, { headers: { authorization: deployer }, body: 'a' })).status).toBe(201);
    expect((await rawRequest(stack, 'GET', url, { headers: { authorization: reader } })).status).toBe(200);
    const readerPut = await rawRequest(stack, 'PUT', '/repositories/libs-release/roles/b/1/b-1.jar', { headers: { authorization: reader }, body: 'b' });
    expect(readerPut.status).toBe(403);
    expect(readerPut.headers['www-authenticate']).toBeUndefined();
    expect((await rawRequest(stack, 'DELETE', url, { headers: { authorization: reader } })).status).toBe(403);
    expect((await rawRequest(stack, 'GET', '/repositories/libs-release/roles/b/1/b-1.jar', { headers: { authorization: deployer } })).status).toBe(404);

    const wrong = await rawRequest(stack, 'GET', url, { headers: { authorization: basicAuth('ci', 'not-the-password') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="Herald"');
    expect((await rawRequest(stack, 'GET', '/repositories/no-such-repo/x.jar', { headers: { authorization: deployer } })).status).toBe(404);
    // Anonymous callers cannot tell a missing repository from a private one.
    expect((await rawRequest(stack, 'GET', '/repositories/no-such-repo/x.jar')).status).toBe(401);

    const publicUrl = '/repositories/public-release/pub/p/1/p-1.jar';
    expect((await rawRequest(stack, 'PUT', publicUrl, { headers: { authorization: deployer }, body: 'open' })).status).toBe(201);
    const anonymous = await rawRequest(stack, 'GET', publicUrl, { headers: { 'user-agent': 'curl/8.5.0' } });
    expect([anonymous.status, anonymous.body.toString()]).toEqual([200, 'open']);
    expect((await rawRequest(stack, 'HEAD', publicUrl)).status).toBe(200);
    expect((await rawRequest(stack, 'GET', '/repositories/public-release/pub/', { headers: { accept: 'application/json' } })).status).toBe(200);
    const anonymousPut = await rawRequest(stack, 'PUT', '/repositories/public-release/pub/q.jar', { body: 'x' });
    expect(anonymousPut.status).toBe(401);
    expect(anonymousPut.headers['www-authenticate']).toBe('Basic realm="Herald"');
    expect((await rawRequest(stack, 'DELETE', publicUrl)).status).toBe(401);
    const [download] = (await eventsOf(stack, 'public-release')).filter((event) => event.type === 'file.downloaded');
    expect(download).toMatchObject({ actorUsername: null, actorUserAgent: 'curl/8.5.0', path: 'pub/p/1/p-1.jar' });
  });

  it('accepts API tokens as the Basic password and as a Bearer token', async () => {
    const { token } = (await admin(stack, 'POST', '/users/ci/tokens', { name: 'pipeline' })) as { token: string };
    const url = '/repositories/libs-snapshot/tokens/t/1-SNAPSHOT/t-1-SNAPSHOT.jar';
    expect((await rawRequest(stack, 'PUT', url, { headers: { authorization: basicAuth('ci', token) }, body: 'by basic' })).status).toBe(201);
    expect((await rawRequest(stack, 'PUT', url, { headers: { authorization: `Bearer ${token}` }, body: 'by bearer' })).status).toBe(201);
    const get = await rawRequest(stack, 'GET', url, { headers: { authorization: `Bearer ${token}` } });
    expect(get.body.toString()).toBe('by bearer');
    expect((await rawRequest(stack, 'GET', url, { headers: { authorization: basicAuth('dev', token) } })).status).toBe(401);
    expect((await rawRequest(stack, 'GET', url, { headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } })).status).toBe(401);
    const uploads = (await eventsOf(stack, 'libs-snapshot')).filter((event) => event.path.startsWith('tokens/'));
    expect(uploads.map((event) => event.actorUsername)).toEqual(['ci', 'ci', 'ci']);
  });

  it('deletes a file with 204 and a file.deleted event; a missing file is 404, a folder 409', async () => {
    const url = '/repositories/libs-release/gone/g/1/g-1.jar';
    const auth = { authorization: deployer };
    await rawRequest(stack, 'PUT', url, { headers: auth, body: 'to delete' });
    await rawRequest(stack, 'PUT', '/repositories/libs-release/gone/h/1/h-1.jar', { headers: auth, body: 'stays' });
    const deleted = await rawRequest(stack, 'DELETE', url, { headers: auth });
    expect(deleted.status).toBe(204);
    expect((await rawRequest(stack, 'GET', url, { headers: auth })).status).toBe(404);
    expect((await rawRequest(stack, 'DELETE', url, { headers: auth })).status).toBe(404);
    // A folder is the paths of its files: it goes with the last of them.
    expect((await rawRequest(stack, 'GET', '/repositories/libs-release/gone/g/', { headers: auth })).status).toBe(404);
    expect((await rawRequest(stack, 'DELETE', '/repositories/libs-release/gone/', { headers: auth })).status).toBe(409);
    const events = (await eventsOf(stack, 'libs-release')).filter((event) => event.path === 'gone/g/1/g-1.jar');
    expect(events.map((event) => event.type)).toEqual(['file.uploaded', 'file.deleted']);
    expect(events[1]).toMatchObject({ size: 9, sha256: sha256('to delete'), actorUsername: 'ci' });
    expect(await stack.orm.em.fork().count(StoredFile, { path: 'gone/g/1/g-1.jar' })).toBe(0);
    // Deleted from a release repository, the path can be deployed again.
    expect((await rawRequest(stack, 'PUT', url, { headers: auth, body: 'again' })).status).toBe(201);
  });

  it('lists folders as JSON or as an HTML index', async () => {
    const auth = { authorization: deployer };
    await rawRequest(stack, 'PUT', '/repositories/libs-snapshot/list/x/1/x-1.jar', { headers: auth, body: 'x' });
    await rawRequest(stack, 'PUT', '/repositories/libs-snapshot/list/readme.txt', { headers: auth, body: 'hello' });
    const json = await rawRequest(stack, 'GET', '/repositories/libs-snapshot/list/', { headers: { ...auth, accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body.toString())).toEqual({
      repository: 'libs-snapshot',
      path: 'list/',
      items: [
        { name: 'readme.txt', path: 'list/readme.txt', type: 'file', size: 5, lastModified: expect.any(String), downloadCount: 0, lastDownloadedAt: null },
        { name: 'x', path: 'list/x/', type: 'folder', size: null, lastModified: expect.any(String), downloadCount: null, lastDownloadedAt: null },
      ],
    });
    const html = await rawRequest(stack, 'GET', '/repositories/libs-snapshot/list', { headers: { ...auth, accept: 'text/html,*/*' } });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body.toString()).toContain('<a href="/repositories/libs-snapshot/list/x/">x/</a>');
    expect(html.body.toString()).toContain('<a href="/repositories/libs-snapshot/list/readme.txt">readme.txt</a>');
    const root = await rawRequest(stack, 'GET', '/repositories/public-release/', { headers: { accept: 'application/json' } });
    expect(JSON.parse(root.body.toString()).items.map((item: { name: string }) => item.name)).toEqual(['pub']);
    expect((await rawRequest(stack, 'GET', '/repositories/libs-snapshot/list/nothing/', { headers: auth })).status).toBe(404);
    const listingEvents = (await eventsOf(stack, 'libs-snapshot')).filter((event) => event.type === 'file.downloaded' && event.path.startsWith('list'));
    expect(listingEvents).toEqual([]);
  });
});
