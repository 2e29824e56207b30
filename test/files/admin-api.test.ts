import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiToken, FileEvent, StoredFile, User } from '@herald/persistence';
import { blobKey } from '@herald/storage';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { admin, createUser, dialects, rawRequest } from './helpers';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

describe.each(dialects())('admin API: repositories, users, tokens, events (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function post(path: string, body: unknown, auth?: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await stack.request('POST', `/api/v1${path}`, { body, auth });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('creates repositories with defaults, validates them, and refuses a duplicate name', async () => {
    const created = await post('/repositories', { name: 'libs-release', policy: 'release' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name: 'libs-release', format: 'maven', policy: 'release', visibility: 'private', url: expect.stringMatching(/\/repositories\/libs-release\/$/), createdAt: expect.any(String) });
    expect((await post('/repositories', { name: 'libs-snapshot', policy: 'snapshot', visibility: 'public' })).body).toMatchObject({ policy: 'snapshot', visibility: 'public' });
    expect((await post('/repositories', { name: 'plain' })).body).toMatchObject({ policy: 'release', visibility: 'private' });

    const duplicate = await post('/repositories', { name: 'libs-release', policy: 'snapshot' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ statusCode: 409, error: 'Conflict' });

    for (const body of [
      { name: '../etc', policy: 'release' },
      { name: '.hidden', policy: 'release' },
      { name: '', policy: 'release' },
      { name: 'a/b', policy: 'release' },
      { name: 'x'.repeat(65) },
      { policy: 'release' },
      { name: 'ok-name', policy: 'nightly' },
      { name: 'ok-name', visibility: 'secret' },
      { name: 'ok-name', unexpected: true },
    ]) {
      const refused = await post('/repositories', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect((refused.body as unknown as ErrorBody).message).toEqual(expect.arrayContaining([expect.any(String)]));
    }
    expect((await post('/repositories', { name: 'ok-name', policy: 'nightly' })).body.message).toEqual(['policy must be one of the following values: release, snapshot']);

    const list = (await admin(stack, 'GET', '/repositories')) as { items: Array<{ name: string }> };
    expect(list.items.map((item) => item.name)).toEqual(['libs-release', 'libs-snapshot', 'plain']);
    expect(await admin(stack, 'GET', '/repositories/libs-snapshot')).toMatchObject({ name: 'libs-snapshot', policy: 'snapshot', visibility: 'public' });
    expect((await stack.request('GET', '/api/v1/repositories/nope')).status).toBe(404);
  });

  it('deletes a repository with its files and their metadata, keeping its events', async () => {
    await admin(stack, 'POST', '/repositories', { name: 'doomed', policy: 'release' });
    expect((await stack.request('PUT', '/repositories/doomed/a/b/1/b-1.jar', { body: new Uint8Array([1, 2, 3]) })).status).toBe(201);
    // The bytes are a blob, named by their digest; garbage collection frees them later.
    const blob = join(stack.config.dataDir, blobKey(createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex')));
    expect(existsSync(blob)).toBe(true);

    expect((await stack.request('DELETE', '/api/v1/repositories/doomed')).status).toBe(204);
    const em = stack.orm.em.fork();
    expect(await em.count(StoredFile, { path: 'a/b/1/b-1.jar' })).toBe(0);
    expect(await em.count(FileEvent, { repository: 'doomed' })).toBe(1);
    expect((await stack.request('GET', '/api/v1/repositories/doomed')).status).toBe(404);
    expect((await stack.request('DELETE', '/api/v1/repositories/doomed')).status).toBe(404);
    expect((await stack.request('GET', '/repositories/doomed/a/b/1/b-1.jar')).status).toBe(404);

    // The name is free again, and the new repository starts empty.
    await admin(stack, 'POST', '/repositories', { name: 'doomed', policy: 'release' });
    expect(((await (await stack.request('GET', '/repositories/doomed/', { headers: { accept: 'application/json' } })).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await stack.request('PUT', '/repositories/doomed/a/b/1/b-1.jar', { body: new Uint8Array([4]) })).status).toBe(201);
  });

  it('creates users with roles, never answering or storing a password', async () => {
    const created = await post('/users', { username: 'ci', password: 'deploy-secret-1', role: 'deployer' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ username: 'ci', role: 'deployer', disabled: false, createdAt: expect.any(String) });
    expect((await post('/users', { username: 'ci', password: 'another-secret', role: 'reader' })).status).toBe(409);
    for (const body of [
      { username: 'x', password: 'short', role: 'reader' },
      { username: 'x', password: 'long-enough', role: 'owner' },
      { username: 'has space', password: 'long-enough', role: 'reader' },
      { username: '..', password: 'long-enough', role: 'reader' },
      { password: 'long-enough', role: 'reader' },
      { username: 'x', password: 'long-enough', role: 'reader', passwordHash: 'x' },
    ]) {
      expect({ body, status: (await post('/users', body)).status }).toEqual({ body, status: 400 });
    }
    const response = await stack.request('GET', '/api/v1/users');
    const text = await response.text();
    expect(JSON.parse(text).items).toEqual([
      { username: 'admin', role: 'admin', disabled: false, createdAt: expect.any(String) },
      { username: 'ci', role: 'deployer', disabled: false, createdAt: expect.any(String) },
    ]);
    expect(text).not.toMatch(/scrypt|deploy-secret|hash/i);
    const stored = await stack.orm.em.fork().findOneOrFail(User, { username: 'ci' });
    expect(stored.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.passwordHash).not.toContain('deploy-secret-1');
    expect((await rawRequest(stack, 'GET', '/repositories/libs-release/', { headers: { authorization: basicAuth('ci', 'deploy-secret-1') } })).status).toBe(200);
  });

  it('issues tokens shown once, stored hashed, usable by Basic and Bearer until the user is deleted', async () => {
    await post('/users', { username: 'bot', password: 'bot-password-1', role: 'deployer' });
    const created = await post('/users/bot/tokens', { name: 'github-actions' });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^hrd_tok_[0-9a-z]{26}_[A-Za-z0-9_-]{32}$/);
    expect(created.body).toMatchObject({ id: token.split('_').slice(1, 3).join('_'), name: 'github-actions' });
    const stored = await stack.orm.em.fork().findOneOrFail(ApiToken, { id: created.body.id as string });
    expect(stored.secretHash).toMatch(/^hmac-sha256\$/);
    expect(stored.secretHash).not.toContain(token.split('_').slice(3).join('_'));
    expect((await stack.request('POST', '/api/v1/users/bot/tokens')).status).toBe(201);
    expect((await post('/users/nobody/tokens', {})).status).toBe(404);

    const put = (authorization: string) => rawRequest(stack, 'PUT', `/repositories/libs-snapshot/t/${Math.random()}.bin`, { headers: { authorization }, body: 'x' });
    expect((await put(basicAuth('bot', token))).status).toBe(201);
    expect((await put(`Bearer ${token}`)).status).toBe(201);
    expect((await put(basicAuth('ci', token))).status).toBe(401);

    expect((await stack.request('DELETE', '/api/v1/users/bot')).status).toBe(204);
    expect((await put(`Bearer ${token}`)).status).toBe(401);
    expect(await stack.orm.em.fork().count(ApiToken, { id: created.body.id as string })).toBe(0);
    expect((await stack.request('DELETE', '/api/v1/users/admin')).status).toBe(409);
  });

  it('is for admins only: 401 with the challenge without credentials, 403 for other roles', async () => {
    const reader = await createUser(stack, 'viewer', 'reader');
    for (const [method, path] of [
      ['GET', '/api/v1/repositories'],
      ['POST', '/api/v1/repositories'],
      ['DELETE', '/api/v1/repositories/libs-release'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users/ci/tokens'],
      ['GET', '/api/v1/events'],
    ]) {
      const anonymous = await stack.request(method, path, { auth: null, body: method === 'POST' ? {} : undefined });
      expect({ method, path, status: anonymous.status, challenge: anonymous.headers.get('www-authenticate') }).toEqual({ method, path, status: 401, challenge: 'Basic realm="Herald"' });
      const forbidden = await stack.request(method, path, { auth: reader, body: method === 'POST' ? {} : undefined });
      expect({ method, path, status: forbidden.status }).toEqual({ method, path, status: 403 });
    }
    expect((await stack.request('GET', '/api/v1/repositories/libs-release')).status).toBe(200);
  });

  it('lists recent events newest first, filtered, paged, without outbox columns', async () => {
    await admin(stack, 'POST', '/repositories', { name: 'evts', policy: 'snapshot' });
    // Uploads and deletes are always listed; a download is an event when someone listens for it.
    await admin(stack, 'POST', '/webhooks', { repository: 'evts', target: { type: 'json', url: 'http://127.0.0.1:9/hook' }, events: ['file.downloaded'] });
    await stack.request('PUT', '/repositories/evts/e/1.txt', { body: new Uint8Array([1]) });
    await stack.request('PUT', '/repositories/evts/e/2.txt', { body: new Uint8Array([2]) });
    await stack.request('GET', '/repositories/evts/e/1.txt');
    await stack.request('DELETE', '/repositories/evts/e/2.txt');

    const all = (await admin(stack, 'GET', '/events?repository=evts')) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(all.items.map((item) => [item.type, item.path])).toEqual([
      ['file.deleted', 'e/2.txt'],
      ['file.downloaded', 'e/1.txt'],
      ['file.uploaded', 'e/2.txt'],
      ['file.uploaded', 'e/1.txt'],
    ]);
    expect(all.nextCursor).toBeNull();
    expect(Object.keys(all.items[0]).sort()).toEqual(['actor', 'contentType', 'id', 'maven', 'md5', 'name', 'occurredAt', 'path', 'repository', 'sha1', 'sha256', 'size', 'type', 'url'].sort());
    expect(all.items[0]).toMatchObject({ repository: 'evts', name: '2.txt', size: 1, contentType: 'text/plain', actor: { username: 'admin', ip: '127.0.0.1' }, maven: null });

    const uploads = (await admin(stack, 'GET', '/events?repository=evts&type=file.uploaded')) as { items: Array<{ path: string }> };
    expect(uploads.items.map((item) => item.path)).toEqual(['e/2.txt', 'e/1.txt']);
    const first = (await admin(stack, 'GET', '/events?repository=evts&limit=3')) as { items: Array<{ id: string }>; nextCursor: string };
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBe(first.items[2].id);
    const second = (await admin(stack, 'GET', `/events?repository=evts&limit=3&before=${first.nextCursor}`)) as { items: Array<{ path: string; type: string }>; nextCursor: null };
    expect(second.items.map((item) => [item.type, item.path])).toEqual([['file.uploaded', 'e/1.txt']]);
    expect(second.nextCursor).toBeNull();

    for (const query of ['type=file.renamed', 'limit=0', 'limit=501', 'limit=abc', 'before=nope', 'other=1']) {
      expect({ query, status: (await stack.request('GET', `/api/v1/events?${query}`)).status }).toEqual({ query, status: 400 });
    }
  });

  it('documents these routes in OpenAPI, with examples, and not the file protocol', async () => {
    const document = (await (await stack.request('GET', '/docs-json', { auth: null })).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, { example?: unknown }> }> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/repositories', '/api/v1/repositories/{name}', '/api/v1/users', '/api/v1/users/{username}/tokens', '/api/v1/events']),
    );
    expect(Object.keys(document.paths['/api/v1/repositories/{name}']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/repositories'))).toBe(false);
    expect(document.components.schemas.CreateRepositoryDto.properties.name.example).toBe('libs-release');
    expect(document.components.schemas.CreateUserDto.properties.role.example).toBe('deployer');
    expect(document.components.schemas.CreatedTokenResponse.properties.token.example).toMatch(/^hrd_/);
  });
});
