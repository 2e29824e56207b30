import type { INestApplication } from '@nestjs/common';
import { ApiToken } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { hashSecret } from '../../apps/api/src/auth/password-hasher';
import { TOKEN_USE_FLUSH_MS } from '../../apps/api/src/auth/token-uses';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { ACROSS_PROCESSES_MS, eventually, sleep } from '../support/timing';
import { admin, createUser, dialects } from '../files/helpers';

const REPOSITORY = 'tokens-private';

interface TokenItem {
  id: string;
  name: string | null;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

describe.each(dialects())('API tokens: list, revoke, expiry, last use (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
    await admin(stack, 'POST', '/repositories', { name: REPOSITORY });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function issue(username: string, body: Record<string, unknown> = {}): Promise<{ id: string; token: string; expiresAt: string | null; createdAt: string }> {
    const response = await stack.request('POST', `/api/v1/users/${username}/tokens`, { body });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; token: string; expiresAt: string | null; createdAt: string };
  }

  async function listed(username: string): Promise<{ text: string; items: TokenItem[] }> {
    const response = await stack.request('GET', `/api/v1/users/${username}/tokens`);
    expect(response.status).toBe(200);
    const text = await response.text();
    return { text, items: (JSON.parse(text) as { items: TokenItem[] }).items };
  }

  async function statusWith(authorization: string, baseUrl = stack.baseUrl): Promise<number> {
    const response = await fetch(`${baseUrl}/repositories/${REPOSITORY}/`, { headers: { authorization } });
    await response.arrayBuffer();
    return response.status;
  }

  const storedToken = (id: string) => stack.orm.em.fork().findOneOrFail(ApiToken, { id });

  it('lists tokens without their secrets, each with a prefix the shown token starts with', async () => {
    await createUser(stack, 'lister', 'reader');
    const first = await issue('lister', { name: 'ci', expiresInDays: 90 });
    const second = await issue('lister');
    const { text, items } = await listed('lister');
    expect(items).toEqual([
      { id: first.id, name: 'ci', prefix: expect.any(String), createdAt: first.createdAt, lastUsedAt: null, expiresAt: first.expiresAt },
      { id: second.id, name: null, prefix: expect.any(String), createdAt: second.createdAt, lastUsedAt: null, expiresAt: null },
    ]);
    expect(first.token.startsWith(`${items[0].prefix}_`)).toBe(true);
    expect(second.token.startsWith(`${items[1].prefix}_`)).toBe(true);
    for (const { token } of [first, second]) expect(text).not.toContain(token.slice(items[0].prefix.length + 1));
    expect(text).not.toMatch(/hash|hmac|scrypt|"token"/i);
    expect(new Date(first.expiresAt as string).getTime() - new Date(first.createdAt).getTime()).toBe(90 * 24 * 60 * 60 * 1000);
    expect((await stack.request('GET', '/api/v1/users/nobody/tokens')).status).toBe(404);
  });

  it('validates expiresInDays: a whole number of days from 1 to 3650', async () => {
    await createUser(stack, 'validated', 'reader');
    for (const expiresInDays of [0, 3651, 1.5, '30', -1]) {
      const response = await stack.request('POST', '/api/v1/users/validated/tokens', { body: { expiresInDays } });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect((await issue('validated', { expiresInDays: 3650 })).expiresAt).not.toBeNull();
    expect((await listed('validated')).items).toHaveLength(1);
  });

  it('revokes a token: 204, then refused on Basic and Bearer; 404 for an unknown id or another user’s token', async () => {
    const byPassword = await createUser(stack, 'revoked', 'reader');
    await createUser(stack, 'bystander', 'reader');
    const { id, token } = await issue('revoked');
    const kept = await issue('revoked');
    const theirs = await issue('bystander');
    expect(await statusWith(basicAuth('revoked', token))).toBe(200);
    expect(await statusWith(`Bearer ${token}`)).toBe(200);

    expect((await stack.request('DELETE', `/api/v1/users/revoked/tokens/${theirs.id}`)).status).toBe(404);
    expect((await stack.request('DELETE', '/api/v1/users/revoked/tokens/tok_00000000000000000000000000')).status).toBe(404);
    expect((await stack.request('DELETE', `/api/v1/users/nobody/tokens/${id}`)).status).toBe(404);
    expect(await statusWith(`Bearer ${theirs.token}`)).toBe(200);

    const revoked = await stack.request('DELETE', `/api/v1/users/revoked/tokens/${id}`);
    expect(revoked.status).toBe(204);
    expect(await statusWith(basicAuth('revoked', token))).toBe(401);
    expect(await statusWith(`Bearer ${token}`)).toBe(401);
    expect((await stack.request('DELETE', `/api/v1/users/revoked/tokens/${id}`)).status).toBe(404);
    expect(await statusWith(`Bearer ${kept.token}`)).toBe(200);
    expect(await statusWith(byPassword)).toBe(200);
    expect((await listed('revoked')).items.map((item) => item.id)).toEqual([kept.id]);
  });

  it('refuses an expired token, also one a cache remembered', async () => {
    await createUser(stack, 'expiring', 'reader');
    const never = await issue('expiring', { expiresInDays: 1 });
    await stack.orm.em.fork().nativeUpdate(ApiToken, { id: never.id }, { expiresAt: new Date(Date.now() - 1_000) });
    expect(await statusWith(`Bearer ${never.token}`)).toBe(401);

    const remembered = await issue('expiring', { expiresInDays: 1 });
    expect(await statusWith(`Bearer ${remembered.token}`)).toBe(200);
    await stack.orm.em.fork().nativeUpdate(ApiToken, { id: remembered.id }, { expiresAt: new Date(Date.now() + 300) });
    await eventually(async () => (await statusWith(`Bearer ${remembered.token}`)) === 401, 'the expired token refused', { timeoutMs: ACROSS_PROCESSES_MS + 300 });
    expect(await statusWith(basicAuth('expiring', remembered.token))).toBe(401);
  });

  it('keeps a token issued with a scrypt hash working, and stores it keyed from its first use', async () => {
    await createUser(stack, 'veteran', 'reader');
    const { id, token } = await issue('veteran');
    const secret = token.slice(`hrd_${id}_`.length);
    await stack.orm.em.fork().nativeUpdate(ApiToken, { id }, { secretHash: await hashSecret(secret) });
    expect(await statusWith(`Bearer ${token}`)).toBe(200);
    expect((await storedToken(id)).secretHash).toMatch(/^hmac-sha256\$/);
    expect((await storedToken(id)).secretHash).not.toContain(secret);
    // The rehash moved the credentials counter: once this process forgot the token, the keyed hash verifies it.
    await sleep(600);
    expect(await statusWith(`Bearer ${token}`)).toBe(200);
    expect(await statusWith(`Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(401);
  });

  it('records lastUsedAt in memory and writes it once, not once per request', async () => {
    await createUser(stack, 'busy', 'reader');
    const { id, token } = await issue('busy');
    const before = Date.now();
    expect(await statusWith(`Bearer ${token}`)).toBe(200);
    await eventually(async () => (await storedToken(id)).lastUsedAt !== null, 'the first use written', { timeoutMs: TOKEN_USE_FLUSH_MS * 2 + 1_000 });
    const firstWritten = (await storedToken(id)).lastUsedAt as Date;
    expect(firstWritten.getTime()).toBeGreaterThanOrEqual(before - 1_000);

    // Uses within the minute after the one written are not written: with a write per request
    // (or per flush), lastUsedAt would move.
    for (let i = 0; i < 20; i += 1) expect(await statusWith(i % 2 ? `Bearer ${token}` : basicAuth('busy', token))).toBe(200);
    await sleep(TOKEN_USE_FLUSH_MS * 2);
    expect((await storedToken(id)).lastUsedAt?.getTime()).toBe(firstWritten.getTime());
    expect((await listed('busy')).items[0].lastUsedAt).toBe(firstWritten.toISOString());
  });

  it('another API process refuses a revoked token, or one of a deleted user, within a second', async () => {
    await createUser(stack, 'traveller', 'reader');
    await createUser(stack, 'leaver', 'reader');
    const revoked = await issue('traveller');
    const kept = await issue('traveller');
    const orphaned = await issue('leaver');
    const other: INestApplication = await createApiApp(stack.config);
    await other.listen(0, '127.0.0.1');
    const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
    try {
      for (const authorization of [`Bearer ${revoked.token}`, basicAuth('traveller', revoked.token), `Bearer ${kept.token}`, `Bearer ${orphaned.token}`]) {
        expect(await statusWith(authorization, otherUrl)).toBe(200);
      }

      expect((await stack.request('DELETE', `/api/v1/users/traveller/tokens/${revoked.id}`)).status).toBe(204);
      const revokedAt = Date.now();
      await eventually(async () => (await statusWith(`Bearer ${revoked.token}`, otherUrl)) === 401, 'the revoked token refused by the other API', { timeoutMs: ACROSS_PROCESSES_MS });
      await eventually(async () => (await statusWith(basicAuth('traveller', revoked.token), otherUrl)) === 401, 'the revoked token refused as a password by the other API', { timeoutMs: ACROSS_PROCESSES_MS - (Date.now() - revokedAt) });
      expect(await statusWith(`Bearer ${kept.token}`, otherUrl)).toBe(200);

      expect((await stack.request('DELETE', '/api/v1/users/leaver')).status).toBe(204);
      await eventually(async () => (await statusWith(`Bearer ${orphaned.token}`, otherUrl)) === 401, 'the orphaned token refused by the other API', { timeoutMs: ACROSS_PROCESSES_MS });
    } finally {
      await other.close();
    }
  });
});
