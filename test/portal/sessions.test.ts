import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { PortalSession, User } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { ADMIN, TestStack } from '../support/stack';
import { eventually, sleep } from '../support/timing';
import { createUser, dialects } from '../files/helpers';

jest.setTimeout(120_000);

/** Short enough to watch a session go idle; the stacks below run with it. */
const IDLE = '2s';
const IDLE_MS = 2_000;
const EIGHT_HOURS_S = 8 * 60 * 60;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface SignedIn {
  /** `herald_session=…`, as a browser would send it back. */
  cookie: string;
  secret: string;
  /** The Set-Cookie line that issued it. */
  issued: string;
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The portal's real sign-in form, without a browser: its double-submit cookie and token, then the post. */
async function signIn(baseUrl: string, username: string, password: string): Promise<SignedIn> {
  const form = await fetch(`${baseUrl}/portal/login`);
  const formCookie = form.headers.getSetCookie().find((line) => line.startsWith('herald_sign_in='))?.split(';')[0] ?? '';
  const body = new URLSearchParams({ _csrf: csrfIn(await form.text()), next: '/portal/webhooks', username, password }).toString();
  const answer = await fetch(`${baseUrl}/portal/login`, { method: 'POST', headers: { ...FORM, cookie: formCookie }, body, redirect: 'manual' });
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toBe('/portal/webhooks');
  const issued = answer.headers.getSetCookie().find((line) => line.startsWith('herald_session=')) ?? '';
  const cookie = issued.split(';')[0];
  return { cookie, secret: decodeURIComponent(cookie.slice('herald_session='.length)), issued };
}

/** 200 while the session holds, 303 to sign-in once it does not. */
async function portalStatus(baseUrl: string, session: SignedIn): Promise<number> {
  const answer = await fetch(`${baseUrl}/portal/webhooks`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  await answer.arrayBuffer();
  if (answer.status === 303) expect(answer.headers.get('location')).toBe('/portal/login?next=%2Fportal%2Fwebhooks');
  return answer.status;
}

async function signOut(baseUrl: string, session: SignedIn, csrf?: string): Promise<Response> {
  const page = await fetch(`${baseUrl}/portal/webhooks`, { headers: { cookie: session.cookie } });
  const token = csrf ?? csrfIn(await page.text());
  return fetch(`${baseUrl}/portal/logout`, { method: 'POST', headers: { ...FORM, cookie: session.cookie }, body: `_csrf=${encodeURIComponent(token)}`, redirect: 'manual' });
}

describe.each(dialects())('portal sessions: server-side and revocable (%s)', (dialect) => {
  let stack: TestStack;
  const keeper = { username: 'keeper', password: 'keeper-password-1' };

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false, env: { HERALD_SESSION_IDLE: IDLE } });
    await createUser(stack, keeper.username, 'admin');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const rowOf = (session: SignedIn) => stack.orm.em.fork().findOne(PortalSession, { id: createHash('sha256').update(session.secret).digest('hex') });
  const userId = async (username: string) => (await stack.orm.em.fork().findOneOrFail(User, { username })).id;

  it('issues an HttpOnly, SameSite=Strict cookie for /portal, for 8 hours, not Secure over http', async () => {
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    const attributes = session.issued.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/portal', `max-age=${EIGHT_HOURS_S}`]));
    expect(attributes).not.toContain('secure');
    expect(session.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await portalStatus(stack.baseUrl, session)).toBe(200);
  });

  it('keeps no cookie secret in the database: the row is keyed by its SHA-256', async () => {
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    const row = await rowOf(session);
    expect(row).not.toBeNull();
    expect(row!.id).not.toBe(session.secret);
    expect(row!.address).toBe('127.0.0.1');
    const rows = await stack.orm.em.fork().getConnection().execute('select * from portal_session');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(session.secret);
  });

  it('ends a copied cookie at sign-out (which needs the CSRF token), in every later request', async () => {
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    const copy = { ...session };
    const forged = await signOut(stack.baseUrl, session, 'forged-token');
    expect(forged.status).toBe(403);
    expect(await portalStatus(stack.baseUrl, copy)).toBe(200);

    const out = await signOut(stack.baseUrl, session);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/portal/login?signedOut=1');
    expect(out.headers.getSetCookie().some((line) => /^herald_session=;/.test(line))).toBe(true);
    expect(await rowOf(session)).toBeNull();
    expect(await portalStatus(stack.baseUrl, copy)).toBe(303);
    const form = await fetch(`${stack.baseUrl}/portal/login`, { headers: { cookie: copy.cookie }, redirect: 'manual' });
    expect(form.status).toBe(200);
    expect(await portalStatus(stack.baseUrl, await signIn(stack.baseUrl, ADMIN.username, ADMIN.password))).toBe(200);
  });

  it('refuses at the next request a session whose rows were deleted (a password change) or whose user was disabled or demoted', async () => {
    const id = await userId(keeper.username);
    const [first, second] = [await signIn(stack.baseUrl, keeper.username, keeper.password), await signIn(stack.baseUrl, keeper.username, keeper.password)];
    const other = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    expect(await portalStatus(stack.baseUrl, first)).toBe(200);
    expect(await stack.orm.em.fork().nativeDelete(PortalSession, { user: id })).toBe(2);
    expect(await portalStatus(stack.baseUrl, first)).toBe(303);
    expect(await portalStatus(stack.baseUrl, second)).toBe(303);
    expect(await portalStatus(stack.baseUrl, other)).toBe(200);

    const beforeDisabling = await signIn(stack.baseUrl, keeper.username, keeper.password);
    expect(await portalStatus(stack.baseUrl, beforeDisabling)).toBe(200);
    await stack.orm.em.fork().nativeUpdate(User, { id }, { disabled: true });
    expect(await portalStatus(stack.baseUrl, beforeDisabling)).toBe(303);
    await stack.orm.em.fork().nativeUpdate(User, { id }, { disabled: false });

    const beforeDemotion = await signIn(stack.baseUrl, keeper.username, keeper.password);
    expect(await portalStatus(stack.baseUrl, beforeDemotion)).toBe(200);
    await stack.orm.em.fork().nativeUpdate(User, { id }, { role: 'reader' });
    expect(await portalStatus(stack.baseUrl, beforeDemotion)).toBe(303);
    await stack.orm.em.fork().nativeUpdate(User, { id }, { role: 'admin' });
  });

  it('a second API process honours the session, and refuses it once ended through the first', async () => {
    const second: INestApplication = await createApiApp(stack.config);
    try {
      await second.listen(0, '127.0.0.1');
      const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`;
      const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
      expect(await portalStatus(secondUrl, session)).toBe(200);
      expect((await signOut(stack.baseUrl, session)).status).toBe(303);
      expect(await portalStatus(secondUrl, session)).toBe(303);
    } finally {
      await second.close();
    }
  });

  it(`keeps an active session past the idle timeout (${IDLE}), ends it after ${IDLE} of silence, and deletes its row`, async () => {
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    const started = Date.now();
    while (Date.now() - started < IDLE_MS * 1.75) {
      expect(await portalStatus(stack.baseUrl, session)).toBe(200);
      await sleep(400);
    }
    // Written behind, coarsely: the stored activity moved without a write per request.
    await eventually(async () => Date.now() - (await rowOf(session))!.lastSeenAt.getTime() < IDLE_MS, 'the stored activity moved', { timeoutMs: 3_000 });

    await sleep(IDLE_MS * 1.5);
    expect(await portalStatus(stack.baseUrl, session)).toBe(303);
    await eventually(async () => (await rowOf(session)) === null, 'the idle session row deleted', { timeoutMs: 10_000 });
  });

  it('ends a session 8 hours after sign-in whatever its activity, and deletes its row', async () => {
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    expect(await portalStatus(stack.baseUrl, session)).toBe(200);
    const row = (await rowOf(session))!;
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(EIGHT_HOURS_S * 1000);
    await stack.orm.em.fork().nativeUpdate(PortalSession, { id: row.id }, { expiresAt: new Date(Date.now() - 1_000) });
    expect(await portalStatus(stack.baseUrl, session)).toBe(303);
    await eventually(async () => (await rowOf(session)) === null, 'the expired session row deleted', { timeoutMs: 10_000 });
  });
});

describe('portal sessions behind https (HERALD_PUBLIC_URL)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { HERALD_PUBLIC_URL: 'https://herald.example.com' } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('marks the session and sign-in form cookies Secure, even where TLS ends at a proxy', async () => {
    const form = await fetch(`${stack.baseUrl}/portal/login`);
    await form.arrayBuffer();
    expect(form.headers.getSetCookie().find((line) => line.startsWith('herald_sign_in='))?.toLowerCase()).toContain('; secure');
    const session = await signIn(stack.baseUrl, ADMIN.username, ADMIN.password);
    expect(session.issued.split(';').map((part) => part.trim().toLowerCase())).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=strict']));
  });
});
