import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { StoredFile } from '@herald/persistence';
import { STAGED_PREFIX } from '@herald/storage';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { admin, backends, createUser, eventsOf, putExpectingContinue, rawRequest, type RawResponse } from './helpers';

const sha1 = (body: string | Buffer) => createHash('sha1').update(body).digest('hex');
const sha256 = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');
const MiB = 1024 * 1024;

describe.each(backends())('upload safety ($label)', ({ dialect, storage }) => {
  let stack: TestStack;
  let deployer: string;
  let reader: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, storage, worker: false, env: { HERALD_MAX_UPLOAD: '1MiB' } });
    await admin(stack, 'POST', '/repositories', { name: 'rel', policy: 'release' });
    await admin(stack, 'POST', '/repositories', { name: 'snap', policy: 'snapshot' });
    deployer = await createUser(stack, 'ci', 'deployer');
    reader = await createUser(stack, 'dev', 'reader');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Every staged upload still in the blob store: staged objects, and multipart uploads not finished. */
  async function stagingFiles(): Promise<string[]> {
    if (stack.bucket) {
      const { client, bucket } = stack.bucket;
      const [objects, multipart] = await Promise.all([client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: STAGED_PREFIX })), client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))]);
      return [...(objects.Contents ?? []).map((object) => object.Key!), ...(multipart.Uploads ?? []).map((upload) => `${upload.Key} (multipart)`)];
    }
    const root = join(stack.config.dataDir, STAGED_PREFIX);
    if (!existsSync(root)) return [];
    return readdirSync(root);
  }

  async function fileEvents(repository: string, path: string) {
    return (await eventsOf(stack, repository)).filter((event) => event.path === path);
  }

  it('refuses a checksum mismatch with 400 and stores nothing; a matching header is accepted', async () => {
    const path = 'sums/a/1/a-1.jar';
    for (const header of ['x-checksum-sha1', 'x-checksum-sha256', 'x-checksum-md5']) {
      const put = await rawRequest(stack, 'PUT', `/repositories/rel/${path}`, { headers: { authorization: deployer, [header]: 'ab'.repeat(20) }, body: 'the bytes' });
      expect(put.status).toBe(400);
      expect(JSON.parse(put.body.toString())).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect((await rawRequest(stack, 'GET', `/repositories/rel/${path}`, { headers: { authorization: deployer } })).status).toBe(404);
    expect(await fileEvents('rel', path)).toEqual([]);
    expect(await stagingFiles()).toEqual([]);

    const ok = await rawRequest(stack, 'PUT', `/repositories/rel/${path}`, { headers: { authorization: deployer, 'x-checksum-sha1': sha1('the bytes'), 'x-checksum-sha256': sha256('the bytes') }, body: 'the bytes' });
    expect(ok.status).toBe(201);

    // A mismatching overwrite on a snapshot repository keeps the previous version.
    await rawRequest(stack, 'PUT', '/repositories/snap/sums/b.jar', { headers: { authorization: deployer }, body: 'version one' });
    const bad = await rawRequest(stack, 'PUT', '/repositories/snap/sums/b.jar', { headers: { authorization: deployer, 'x-checksum-sha1': sha1('other') }, body: 'version two' });
    expect(bad.status).toBe(400);
    expect((await rawRequest(stack, 'GET', '/repositories/snap/sums/b.jar', { headers: { authorization: deployer } })).body.toString()).toBe('version one');
  });

  it('answers 413 over HERALD_MAX_UPLOAD: up front from Content-Length, or once a chunked body passes it', async () => {
    // Headers only, no body: the answer can only come from the declared length.
    const upFront = await new Promise<RawResponse>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: stack.config.port, method: 'PUT', path: '/repositories/snap/big/declared.bin', headers: { authorization: deployer, 'content-length': String(2 * MiB) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
          request.destroy();
        });
      });
      request.on('error', reject);
      request.flushHeaders();
    });
    expect(upFront.status).toBe(413);
    expect(JSON.parse(upFront.body.toString())).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });

    const chunked = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: stack.config.port, method: 'PUT', path: '/repositories/snap/big/chunked.bin', headers: { authorization: deployer, 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (error) => reject(error));
      const chunk = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const pump = () => {
        while (sent < 2 * MiB) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(chunked).toBe(413);
    expect((await rawRequest(stack, 'GET', '/repositories/snap/big/chunked.bin', { headers: { authorization: deployer } })).status).toBe(404);
    expect(await fileEvents('snap', 'big/chunked.bin')).toEqual([]);
    await eventually(async () => (await stagingFiles()).length === 0, 'the staged file removed', { timeoutMs: 10_000 });
  });

  it('answers Expect: 100-continue only for an upload that will be accepted; refusals never get the body', async () => {
    await rawRequest(stack, 'PUT', '/repositories/rel/cont/c/1/c-1.jar', { headers: { authorization: deployer }, body: 'published' });
    const body = Buffer.alloc(4096, 1);
    const refusals: Array<[string, Record<string, string>, number]> = [
      ['/repositories/rel/cont/x.jar', {}, 401],
      ['/repositories/rel/cont/x.jar', { authorization: reader }, 403],
      ['/repositories/missing/cont/x.jar', { authorization: deployer }, 404],
      ['/repositories/rel/cont/c/1/c-1.jar', { authorization: deployer }, 409],
      ['/repositories/rel/cont/%2e%2e/x.jar', { authorization: deployer }, 400],
    ];
    for (const [path, headers, status] of refusals) {
      const outcome = await putExpectingContinue(stack, path, headers, body);
      expect({ path, status: outcome.status, continued: outcome.continued }).toEqual({ path, status, continued: false });
      expect(JSON.parse(outcome.body.toString())).toMatchObject({ statusCode: status });
      if (status === 401) expect(outcome.headers['www-authenticate']).toBe('Basic realm="Herald"');
    }
    const tooLarge = await putExpectingContinue(stack, '/repositories/snap/cont/huge.bin', { authorization: deployer }, Buffer.alloc(2 * MiB));
    expect([tooLarge.status, tooLarge.continued]).toEqual([413, false]);
    expect((await rawRequest(stack, 'GET', '/repositories/rel/cont/x.jar', { headers: { authorization: deployer } })).status).toBe(404);
    expect((await rawRequest(stack, 'GET', '/repositories/rel/cont/c/1/c-1.jar', { headers: { authorization: deployer } })).body.toString()).toBe('published');

    const accepted = await putExpectingContinue(stack, '/repositories/rel/cont/ok/1/ok-1.jar', { authorization: deployer }, body);
    expect([accepted.status, accepted.continued]).toEqual([201, true]);
    const get = await rawRequest(stack, 'GET', '/repositories/rel/cont/ok/1/ok-1.jar', { headers: { authorization: deployer } });
    expect(get.body.equals(body)).toBe(true);
    expect((await eventsOf(stack, 'rel')).filter((event) => event.path.startsWith('cont/') && event.type === 'file.uploaded').map((event) => event.path)).toEqual([
      'cont/c/1/c-1.jar',
      'cont/ok/1/ok-1.jar',
    ]);
  });

  it('never interleaves concurrent PUTs to one path: every reader and the end result see one whole body', async () => {
    const url = '/repositories/snap/race/r/1-SNAPSHOT/r-1-SNAPSHOT.jar';
    const bodies = Array.from({ length: 8 }, (_, index) => Buffer.alloc(512 * 1024, index + 1));
    const known = new Set(bodies.map((body) => sha256(body)));
    await rawRequest(stack, 'PUT', url, { headers: { authorization: deployer }, body: bodies[0] });
    const reads: Array<Promise<RawResponse>> = [];
    const puts = bodies.map(async (body) => {
      reads.push(rawRequest(stack, 'GET', url, { headers: { authorization: deployer } }));
      return rawRequest(stack, 'PUT', url, { headers: { authorization: deployer }, body });
    });
    expect((await Promise.all(puts)).map((put) => put.status)).toEqual(Array(8).fill(201));
    for (const read of await Promise.all(reads)) {
      expect(read.status).toBe(200);
      expect(known.has(sha256(read.body))).toBe(true);
      expect(read.headers['x-checksum-sha256']).toBe(sha256(read.body));
    }
    const final = await rawRequest(stack, 'GET', url, { headers: { authorization: deployer } });
    expect(known.has(sha256(final.body))).toBe(true);
    expect(final.headers['x-checksum-sha256']).toBe(sha256(final.body));
    const row = await stack.orm.em.fork().findOneOrFail(StoredFile, { path: 'race/r/1-SNAPSHOT/r-1-SNAPSHOT.jar' });
    expect(row.sha256).toBe(sha256(final.body));
    const uploads = (await fileEvents('snap', 'race/r/1-SNAPSHOT/r-1-SNAPSHOT.jar')).filter((event) => event.type === 'file.uploaded');
    expect(uploads).toHaveLength(9);
    // The last upload recorded is the one whose bytes are in place.
    expect(uploads[uploads.length - 1].sha256).toBe(sha256(final.body));

    const releaseUrl = '/repositories/rel/race/once/1/once-1.jar';
    const releasePuts = await Promise.all(bodies.slice(0, 6).map((body) => rawRequest(stack, 'PUT', releaseUrl, { headers: { authorization: deployer }, body })));
    const statuses = releasePuts.map((put) => put.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = bodies[releasePuts.findIndex((put) => put.status === 201)];
    expect((await rawRequest(stack, 'GET', releaseUrl, { headers: { authorization: deployer } })).body.equals(winner)).toBe(true);
    expect(await stagingFiles()).toEqual([]);
  });

  it('leaves nothing behind for an aborted upload: no file, no staging file, no event', async () => {
    const path = 'aborted/a/1/a-1.jar';
    const request = httpRequest({ host: '127.0.0.1', port: stack.config.port, method: 'PUT', path: `/repositories/rel/${path}`, headers: { authorization: deployer, 'content-length': String(900 * 1024) } });
    request.on('error', () => undefined);
    request.write(Buffer.alloc(300 * 1024, 9));
    // On disk the staged file appears at once; S3 holds a part this small in memory until the body ends.
    if (storage === 'file') await eventually(async () => (await stagingFiles()).length > 0, 'the staged file', { timeoutMs: 10_000 });
    else await new Promise((resolve) => request.write(Buffer.alloc(0), resolve));
    request.destroy();
    await eventually(async () => (await stagingFiles()).length === 0, 'the staged file removed', { timeoutMs: 10_000 });
    expect((await rawRequest(stack, 'GET', `/repositories/rel/${path}`, { headers: { authorization: deployer } })).status).toBe(404);
    expect(await fileEvents('rel', path)).toEqual([]);
    expect(await stack.orm.em.fork().count(StoredFile, { path })).toBe(0);
    // The path is still free: a release repository accepts the complete upload afterwards.
    expect((await rawRequest(stack, 'PUT', `/repositories/rel/${path}`, { headers: { authorization: deployer }, body: 'complete' })).status).toBe(201);
  });

  it('refuses every traversal form with 400 before anything touches the disk', async () => {
    const forms = [
      '/repositories/rel/../secret.txt',
      '/repositories/rel/a/b/../../../secret.txt',
      '/repositories/rel/./secret.txt',
      '/repositories/rel/%2e%2e/secret.txt',
      '/repositories/rel/%2E%2E/secret.txt',
      '/repositories/rel/.%2e/secret.txt',
      '/repositories/rel/a%2f..%2f..%2fsecret.txt',
      '/repositories/rel/..%5csecret.txt',
      '/repositories/rel/..\\secret.txt',
      '/repositories/rel/a\\..\\..\\secret.txt',
      '/repositories/rel/secret%00.txt',
      '/repositories/rel/secret%zz.txt',
      '/repositories/rel/secret%e.txt',
      '/repositories/rel/secret%c3%28.txt',
      '/repositories/../secret.txt',
      '/repositories/%2e%2e/secret.txt',
    ];
    for (const path of forms) {
      for (const method of ['PUT', 'GET', 'DELETE']) {
        const response = await rawRequest(stack, method, path, { headers: { authorization: deployer }, ...(method === 'PUT' ? { body: 'escape' } : {}) });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 400 });
      }
    }
    // A raw NUL cannot even be sent by node:http; on a bare socket it is refused all the same.
    const rawNul = await new Promise<string>((resolve, reject) => {
      const socket = connect(stack.config.port, '127.0.0.1', () => socket.end(`GET /repositories/rel/secret\u0000.txt HTTP/1.1\r\nHost: x\r\nAuthorization: ${deployer}\r\n\r\n`));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(rawNul).toMatch(/^HTTP\/1\.1 400 /);

    for (const place of ['secret.txt', 'files/secret.txt', 'files/rel/secret.txt', '../secret.txt']) {
      expect({ place, exists: existsSync(join(stack.config.dataDir, place)) }).toEqual({ place, exists: false });
    }
    expect(await stack.orm.em.fork().count(StoredFile, { path: { $like: '%secret%' } })).toBe(0);
    expect((await eventsOf(stack, 'rel')).filter((event) => event.path.includes('secret'))).toEqual([]);
  });
});
