import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { ArtifactRepository, StoredFile } from '@herald/persistence';
import { TestStack } from '../support/stack';
import { admin, rawRequest } from './helpers';

/** A loopback port nothing listens on: the blob store behind it is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a blob store that is down', () => {
  let stack: TestStack;
  const bytes = Buffer.from('bytes the store would hold');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    const port = await closedPort();
    stack = await TestStack.start({
      worker: false,
      // Credentials come from the SDK's chain: the run's MinIO keys, which the answers must never show.
      env: { HERALD_STORAGE: `s3://herald-gone/some/prefix?endpoint=http://127.0.0.1:${port}&region=us-east-1&forcePathStyle=true` },
    });
    await admin(stack, 'POST', '/repositories', { name: 'libs', policy: 'release' });
    // A file recorded while the store was up.
    const em = stack.orm.em.fork();
    const repository = await em.findOneOrFail(ArtifactRepository, { name: 'libs' });
    em.create(StoredFile, { repository, path: 'a/1/a-1.jar', size: bytes.length, sha256, sha1: 'a'.repeat(40), md5: 'b'.repeat(32), contentType: 'application/java-archive' });
    await em.flush();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers an upload with 503 naming the store, and records nothing', async () => {
    const put = await rawRequest(stack, 'PUT', '/repositories/libs/b/1/b-1.jar', { headers: { authorization: stack.adminAuth }, body: 'new bytes' });
    expect(put.status).toBe(503);
    const answer = JSON.parse(put.body.toString()) as { message: string };
    expect(answer.message).toContain('s3://herald-gone/some/prefix');
    expect(put.body.toString()).not.toContain(process.env.AWS_SECRET_ACCESS_KEY!);
    expect(put.body.toString()).not.toContain(process.env.AWS_ACCESS_KEY_ID!);
    expect(await stack.orm.em.fork().count(StoredFile, { path: 'b/1/b-1.jar' })).toBe(0);
  });

  it('answers a GET with 503 and nothing of the file, while HEAD, which reads no bytes, still answers', async () => {
    const get = await rawRequest(stack, 'GET', '/repositories/libs/a/1/a-1.jar', { headers: { authorization: stack.adminAuth } });
    expect(get.status).toBe(503);
    expect(get.headers['x-checksum-sha256']).toBeUndefined();
    expect(JSON.parse(get.body.toString())).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    const head = await rawRequest(stack, 'HEAD', '/repositories/libs/a/1/a-1.jar', { headers: { authorization: stack.adminAuth } });
    expect(head.status).toBe(200);
    expect(head.headers['x-checksum-sha256']).toBe(sha256);
    expect(head.headers['content-length']).toBe(String(bytes.length));
  });

  it('is named by /readyz', async () => {
    const ready = await stack.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', checks: { database: 'up', storage: 'down' } });
  });
});
