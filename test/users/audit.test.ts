import { AuditEntry } from '@herald/persistence';
import type { AuditEntryResponse } from '../../apps/api/src/audit/audit-entry.response';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { admin, createUser, dialects } from '../files/helpers';

/** What the API answers for an entry: the answer class its presenter fills. */
type AuditItem = AuditEntryResponse;

interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}

describe.each(dialects())('Audit: every admin change, GET /api/v1/audit (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function audit(query: string, auth?: string): Promise<AuditPage> {
    const response = await stack.request('GET', `/api/v1/audit${query}`, { auth });
    expect(response.status).toBe(200);
    return (await response.json()) as AuditPage;
  }

  /** Every page of a query, following nextCursor. */
  async function everyPage(query: string): Promise<AuditPage[]> {
    const pages = [await audit(query)];
    while (pages[pages.length - 1].nextCursor) pages.push(await audit(`${query}&cursor=${encodeURIComponent(pages[pages.length - 1].nextCursor as string)}`));
    return pages;
  }

  it('records user, token and repository changes with actor, address and a diff, and never a secret', async () => {
    const firstPassword = 'first-secret-passphrase';
    const secondPassword = 'second-secret-passphrase';
    expect((await stack.request('POST', '/api/v1/users', { body: { username: 'audited', password: firstPassword, role: 'reader' } })).status).toBe(201);
    expect((await stack.request('PATCH', '/api/v1/users/audited', { body: { role: 'deployer' } })).status).toBe(200);
    expect((await stack.request('PATCH', '/api/v1/users/audited', { body: { password: secondPassword } })).status).toBe(200);
    expect((await stack.request('PATCH', '/api/v1/users/audited', { body: { disabled: true } })).status).toBe(200);
    expect((await stack.request('PATCH', '/api/v1/users/audited', { body: { disabled: false } })).status).toBe(200);
    const created = (await admin(stack, 'POST', '/users/audited/tokens', { name: 'ci', expiresInDays: 30 })) as { id: string; token: string; expiresAt: string };
    expect((await stack.request('DELETE', `/api/v1/users/audited/tokens/${created.id}`)).status).toBe(204);
    // Refused changes leave no entry: they happen in the transaction that would have written it.
    expect((await stack.request('PATCH', '/api/v1/users/admin', { body: { role: 'reader' } })).status).toBe(409);
    expect((await stack.request('PATCH', '/api/v1/users/audited', { body: { password: 'short' } })).status).toBe(400);
    expect((await stack.request('DELETE', '/api/v1/users/audited')).status).toBe(204);

    const { items, nextCursor } = await audit('?subject=audited');
    expect(nextCursor).toBeNull();
    expect(items.map(({ action, detail }) => ({ action, detail }))).toEqual([
      { action: 'user.deleted', detail: { role: 'deployer' } },
      { action: 'token.revoked', detail: { tokenId: created.id, name: 'ci' } },
      { action: 'token.created', detail: { tokenId: created.id, name: 'ci', expiresAt: created.expiresAt } },
      { action: 'user.updated', detail: { disabled: { from: true, to: false } } },
      { action: 'user.updated', detail: { disabled: { from: false, to: true } } },
      { action: 'user.updated', detail: { password: 'changed' } },
      { action: 'user.updated', detail: { role: { from: 'reader', to: 'deployer' } } },
      { action: 'user.created', detail: { role: 'reader' } },
    ]);
    for (const item of items) expect(item).toMatchObject({ actor: 'admin', address: '127.0.0.1', subjectType: 'user', subjectId: 'audited' });
    expect((await audit('?subject=admin')).items).toEqual([]);

    expect((await stack.request('POST', '/api/v1/repositories', { body: { name: 'audited-repo', visibility: 'public' } })).status).toBe(201);
    expect((await stack.request('DELETE', '/api/v1/repositories/audited-repo')).status).toBe(204);
    expect((await audit('?subject=audited-repo')).items.map(({ action, actor, address, subjectType, detail }) => ({ action, actor, address, subjectType, detail }))).toEqual([
      { action: 'repository.deleted', actor: 'admin', address: '127.0.0.1', subjectType: 'repository', detail: { format: 'maven', files: 0 } },
      { action: 'repository.created', actor: 'admin', address: '127.0.0.1', subjectType: 'repository', detail: { format: 'maven', policy: 'release', visibility: 'public' } },
    ]);

    const secrets = [firstPassword, secondPassword, created.token, created.token.slice(created.token.lastIndexOf('_') + 1)];
    const stored = JSON.stringify(await stack.orm.em.fork().find(AuditEntry, {}));
    const answered = JSON.stringify(await audit('?limit=200'));
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(answered).not.toContain(secret);
    }
  });

  it('names the user who changed its own password, and the address of a webhook change', async () => {
    const auth = await createUser(stack, 'selfie', 'reader');
    expect((await stack.request('PATCH', '/api/v1/users/selfie', { auth, body: { password: 'selfie-new-password', currentPassword: 'selfie-password-1' } })).status).toBe(200);
    const own = await audit('?actor=selfie');
    expect(own.items.map(({ action, subjectId, address, detail }) => ({ action, subjectId, address, detail }))).toEqual([
      { action: 'user.updated', subjectId: 'selfie', address: '127.0.0.1', detail: { password: 'changed' } },
    ]);

    await admin(stack, 'POST', '/repositories', { name: 'hooked' });
    const webhook = (await admin(stack, 'POST', '/webhooks', { repository: 'hooked', target: { type: 'json', url: 'http://127.0.0.1:9/hook' }, events: ['file.uploaded'] })) as { id: string };
    expect((await stack.request('PATCH', `/api/v1/webhooks/${webhook.id}`, { body: { active: false } })).status).toBe(200);
    const trail = (await (await stack.request('GET', `/api/v1/webhooks/${webhook.id}/audit`)).json()) as { items: AuditItem[] };
    expect(trail.items.map(({ action, actor, address }) => ({ action, actor, address }))).toEqual([
      { action: 'webhook.paused', actor: 'admin', address: '127.0.0.1' },
      { action: 'webhook.created', actor: 'admin', address: '127.0.0.1' },
    ]);
    expect((await audit(`?subject=${webhook.id}`)).items).toEqual(trail.items);
    expect((await audit(`?actor=admin&subject=${webhook.id}`)).items).toHaveLength(2);
    expect((await audit(`?actor=selfie&subject=${webhook.id}`)).items).toEqual([]);
  });

  it('pages newest first with an opaque cursor, past the default page size', async () => {
    const pager = await createUser(stack, 'pager', 'admin');
    const count = 55;
    for (let i = 0; i < count; i += 1) {
      expect((await stack.request('POST', '/api/v1/repositories', { auth: pager, body: { name: `paged-${String(i).padStart(2, '0')}` } })).status).toBe(201);
    }
    const newestFirst = Array.from({ length: count }, (_, i) => `paged-${String(count - 1 - i).padStart(2, '0')}`);

    const pages = await everyPage('?actor=pager');
    expect(pages.map((page) => page.items.length)).toEqual([50, 5]);
    expect(pages.flatMap((page) => page.items.map((item) => item.subjectId))).toEqual(newestFirst);

    const small = await everyPage('?actor=pager&limit=7');
    expect(small.map((page) => page.items.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 6]);
    const walked = small.flatMap((page) => page.items);
    expect(walked.map((item) => item.subjectId)).toEqual(newestFirst);
    for (let i = 1; i < walked.length; i += 1) expect(walked[i - 1].createdAt >= walked[i].createdAt).toBe(true);
  });

  it('refuses a bad cursor or limit with 400, a non-admin with 403, no credentials with 401', async () => {
    const forged = Buffer.from('["soon","aud_x"]').toString('base64url');
    for (const query of ['?cursor=not-a-cursor', `?cursor=${forged}`, '?limit=0', '?limit=201', '?limit=ten', '?limit=1.5', '?verb=x']) {
      const response = await stack.request('GET', `/api/v1/audit${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const reader = await createUser(stack, 'curious', 'reader');
    expect((await stack.request('GET', '/api/v1/audit', { auth: reader })).status).toBe(403);
    const anonymous = await stack.request('GET', '/api/v1/audit', { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Herald"');
    expect((await stack.request('GET', '/api/v1/audit', { auth: basicAuth('curious', 'wrong-password') })).status).toBe(401);
  });
});
