import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { PortalSession, User } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { basicAuth } from '../support/credentials';
import { ADMIN, TestStack } from '../support/stack';
import { ACROSS_PROCESSES_MS, eventually, sleep } from '../support/timing';
import { admin, createUser, dialects } from '../files/helpers';

const REPOSITORY = 'users-private';

describe.each(dialects())('Users: PATCH role, password, disabled; the last admin (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
    await admin(stack, 'POST', '/repositories', { name: REPOSITORY });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const patch = (username: string, body: unknown, auth?: string | null) => stack.request('PATCH', `/api/v1/users/${username}`, { body, auth });

  /** The status of reading the private repository with these credentials: 200, or 401 when refused. */
  async function statusWith(authorization: string, baseUrl = stack.baseUrl): Promise<number> {
    const response = await fetch(`${baseUrl}/repositories/${REPOSITORY}/`, { headers: { authorization } });
    await response.arrayBuffer();
    return response.status;
  }

  /** Two portal sessions of a user, as the portal's sign-in writes them. */
  async function signInTwice(username: string): Promise<void> {
    const em = stack.orm.em.fork();
    const user = await em.findOneOrFail(User, { username });
    for (let i = 0; i < 2; i += 1) em.create(PortalSession, { id: randomBytes(32).toString('hex'), user, expiresAt: new Date(Date.now() + 3_600_000), address: '127.0.0.1' });
    await em.flush();
  }

  /**
   * On PostgreSQL, holds the admin rows locked while `requests` arrive, so that both demotions
   * have read the admins before either writes unless they wait for the lock: the race, every
   * time. SQLite has one writer at a time; its requests simply run at once.
   */
  async function whileAdminRowsHeld<T>(requests: () => Promise<T>): Promise<T> {
    if (dialect !== 'postgresql') return requests();
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (locked = resolve));
    const holding = stack.orm.em.fork().transactional(async (tx) => {
      await tx.find(User, { role: 'admin' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    const answers = requests();
    await sleep(300);
    release();
    await holding;
    return answers;
  }

  const sessionsOf = (username: string) => stack.orm.em.fork().count(PortalSession, { user: { username } });

  it('changes a role: the view answers it, GET /users lists it, and the user’s next request follows it', async () => {
    const auth = await createUser(stack, 'promoted', 'reader');
    expect((await stack.request('GET', '/api/v1/users', { auth })).status).toBe(403);
    const response = await patch('promoted', { role: 'admin' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: 'promoted', role: 'admin', disabled: false, createdAt: expect.any(String) });
    const listed = (await (await stack.request('GET', '/api/v1/users', { auth })).json()) as { items: Array<{ username: string; role: string; disabled: boolean }> };
    expect(listed.items.find((user) => user.username === 'promoted')).toMatchObject({ role: 'admin', disabled: false });
    expect((await patch('promoted', { role: 'reader' })).status).toBe(200);
    expect((await stack.request('GET', '/api/v1/users', { auth })).status).toBe(403);
  });

  it("resets a password: the old one is refused, the new one works, the user's portal sessions end", async () => {
    const old = await createUser(stack, 'reset', 'reader');
    await createUser(stack, 'neighbour', 'reader');
    await signInTwice('reset');
    await signInTwice('neighbour');
    expect(await statusWith(old)).toBe(200);

    const response = await patch('reset', { password: 'a-brand-new-passphrase' });
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain('a-brand-new-passphrase');
    expect(await statusWith(old)).toBe(401);
    expect(await statusWith(basicAuth('reset', 'a-brand-new-passphrase'))).toBe(200);
    expect(await sessionsOf('reset')).toBe(0);
    expect(await sessionsOf('neighbour')).toBe(2);
    expect((await stack.orm.em.fork().findOneOrFail(User, { username: 'reset' })).passwordHash).toMatch(/^scrypt\$/);
  });

  it('disables a user: its password and token are refused here and on another API process within a second, its sessions end; enabling lets it in again', async () => {
    const password = await createUser(stack, 'paused', 'deployer');
    const { token } = (await admin(stack, 'POST', '/users/paused/tokens', {})) as { token: string };
    await signInTwice('paused');
    const other: INestApplication = await createApiApp(stack.config);
    await other.listen(0, '127.0.0.1');
    const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
    try {
      for (const authorization of [password, `Bearer ${token}`]) {
        expect(await statusWith(authorization)).toBe(200);
        expect(await statusWith(authorization, otherUrl)).toBe(200);
      }

      const disabled = await patch('paused', { disabled: true });
      expect(disabled.status).toBe(200);
      expect(await disabled.json()).toMatchObject({ username: 'paused', disabled: true });
      const disabledAt = Date.now();
      expect(await statusWith(password)).toBe(401);
      expect(await statusWith(`Bearer ${token}`)).toBe(401);
      await eventually(async () => (await statusWith(password, otherUrl)) === 401, 'the password refused by the other API', { timeoutMs: ACROSS_PROCESSES_MS });
      await eventually(async () => (await statusWith(`Bearer ${token}`, otherUrl)) === 401, 'the token refused by the other API', { timeoutMs: ACROSS_PROCESSES_MS - (Date.now() - disabledAt) });
      expect(await sessionsOf('paused')).toBe(0);

      expect((await patch('paused', { disabled: false })).status).toBe(200);
      expect(await statusWith(password)).toBe(200);
      expect(await statusWith(`Bearer ${token}`)).toBe(200);
      await eventually(async () => (await statusWith(`Bearer ${token}`, otherUrl)) === 200, 'the token accepted again by the other API', { timeoutMs: ACROSS_PROCESSES_MS });
      expect(await statusWith(password, otherUrl)).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('lets a reader change its own password with its current one, and nothing else', async () => {
    const auth = await createUser(stack, 'self', 'reader');
    await createUser(stack, 'other-self', 'reader');

    const missing = await patch('self', { password: 'self-new-password' }, auth);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain('currentPassword');

    const wrong = await patch('self', { password: 'self-new-password', currentPassword: 'not-the-password' }, auth);
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { message: string }).message).toBe('currentPassword does not match');
    expect(await statusWith(auth)).toBe(200);

    for (const body of [{ role: 'admin' }, { disabled: true }, { role: 'admin', password: 'self-new-password', currentPassword: 'self-password-1' }]) {
      expect((await patch('self', body, auth)).status).toBe(403);
    }
    expect((await patch('other-self', { password: 'taken-over-password' }, auth)).status).toBe(403);
    expect(await statusWith(basicAuth('other-self', 'other-self-password-1'))).toBe(200);
    expect((await stack.orm.em.fork().findOneOrFail(User, { username: 'self' })).role).toBe('reader');

    const right = await patch('self', { password: 'self-new-password', currentPassword: 'self-password-1' }, auth);
    expect(right.status).toBe(200);
    expect(await statusWith(auth)).toBe(401);
    expect(await statusWith(basicAuth('self', 'self-new-password'))).toBe(200);
  });

  it('answers 401 with the challenge without credentials, 404 for an unknown user, 400 for bad or empty changes (nothing written)', async () => {
    await createUser(stack, 'validated', 'reader');
    const anonymous = await patch('validated', { role: 'admin' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Herald"');
    expect((await patch('nobody', { role: 'admin' })).status).toBe(404);
    for (const body of [{}, { role: 'owner' }, { password: 'short' }, { password: 'x'.repeat(257) }, { disabled: 'yes' }, { password: 12345678 }, { unknown: true }]) {
      const response = await patch('validated', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const stored = await stack.orm.em.fork().findOneOrFail(User, { username: 'validated' });
    expect({ role: stored.role, disabled: stored.disabled }).toEqual({ role: 'reader', disabled: false });
    expect(await statusWith(basicAuth('validated', 'validated-password-1'))).toBe(200);
  });

  it('keeps the last enabled admin: not demoted, disabled or deleted; of two concurrent demotions of the last two admins exactly one succeeds', async () => {
    const lone = await stack.orm.em.fork().count(User, { role: 'admin', disabled: false });
    expect(lone).toBe(1);
    for (const body of [{ role: 'reader' }, { disabled: true }]) {
      const refused = await patch(ADMIN.username, body);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { message: string }).message).toMatch(/last enabled admin/);
    }
    expect((await stack.request('DELETE', `/api/v1/users/${ADMIN.username}`)).status).toBe(409);

    // A disabled admin does not count: it cannot administer anything.
    const second = await createUser(stack, 'second-admin', 'admin');
    expect((await patch('second-admin', { disabled: true })).status).toBe(200);
    expect((await patch(ADMIN.username, { role: 'deployer' })).status).toBe(409);
    expect((await patch('second-admin', { disabled: false })).status).toBe(200);

    const credentials: Record<string, string> = { [ADMIN.username]: stack.adminAuth, 'second-admin': second };
    for (let round = 0; round < 3; round += 1) {
      const [first, other] = await whileAdminRowsHeld(() => Promise.all([patch(ADMIN.username, { role: 'reader' }, second), patch('second-admin', { role: 'reader' }, stack.adminAuth)]));
      expect([first.status, other.status].sort()).toEqual([200, 409]);
      const admins = await stack.orm.em.fork().find(User, { role: 'admin' });
      expect(admins).toHaveLength(1);
      const survivor = admins[0].username;
      const demoted = survivor === ADMIN.username ? 'second-admin' : ADMIN.username;
      expect((await patch(demoted, { role: 'admin' }, credentials[survivor])).status).toBe(200);
    }
    expect(await stack.orm.em.fork().count(User, { role: 'admin', disabled: false })).toBe(2);
    expect((await stack.request('DELETE', '/api/v1/users/second-admin')).status).toBe(204);
  });
});
