import type { INestApplication } from '@nestjs/common';
import { AuditEntry, AuthFailure } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { ADDRESS_FAILURE_LIMIT, AUTH_FAILURE_FLUSH_MS, FAILURE_WINDOW_MS, PAIR_FAILURE_LIMIT } from '../../apps/api/src/auth/auth-throttle';
import { basicAuth } from '../support/credentials';
import { ADMIN, TestStack } from '../support/stack';
import { ACROSS_PROCESSES_MS, eventually, sleep } from '../support/timing';
import { admin, createUser, dialects } from '../files/helpers';

const REPOSITORY = 'throttled-private';
const WINDOW_SECONDS = FAILURE_WINDOW_MS / 1_000;

interface Answer {
  status: number;
  retryAfter: string | null;
  text: string;
}

describe.each(dialects())('throttling password guessers (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
    await admin(stack, 'POST', '/repositories', { name: REPOSITORY });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** A request as a client at `from` makes it: through a proxy on the same machine (X-Forwarded-For, trusted from loopback), or, with null, from 127.0.0.1 itself. */
  async function send(path: string, authorization: string, from: string | null, baseUrl = stack.baseUrl): Promise<Answer> {
    const headers: Record<string, string> = { authorization };
    if (from) headers['x-forwarded-for'] = from;
    const response = await fetch(`${baseUrl}${path}`, { headers });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
  }
  const files = (authorization: string, from: string | null, baseUrl?: string) => send(`/repositories/${REPOSITORY}/`, authorization, from, baseUrl);
  const adminApi = (authorization: string, from: string | null) => send('/api/v1/repositories', authorization, from);

  function expectThrottled(answer: Answer): void {
    expect(answer.status).toBe(429);
    const seconds = Number(answer.retryAfter);
    expect(Number.isInteger(seconds) && seconds > 0 && seconds <= WINDOW_SECONDS).toBe(true);
    expect(JSON.parse(answer.text)).toEqual({ statusCode: 429, error: 'Too Many Requests', message: `too many failed sign-ins from this address; try again in ${seconds} seconds` });
  }

  const auditEntries = (action: string) => stack.orm.em.fork().find(AuditEntry, { action }, { orderBy: { createdAt: 'asc' } });

  it('answers the eleventh attempt of a pair 429, even with the right password, and lets the user in from another address', async () => {
    const right = await createUser(stack, 'guessed', 'reader');
    // Remembered by the credential cache: a throttled attempt must not be answered from it.
    expect((await files(right, null)).status).toBe(200);
    const guesses = Array.from({ length: PAIR_FAILURE_LIMIT }, (_, k) => `guess-${k}-secret`);
    for (const guess of guesses) expect((await files(basicAuth('guessed', guess), null)).status).toBe(401);

    expectThrottled(await files(right, null));
    expectThrottled(await files(basicAuth('guessed', 'one-more-secret'), null));
    expect((await files(right, '198.51.100.20')).status).toBe(200);
    // The address itself is far from its limit: the admin, from the same address, is let in.
    expect((await adminApi(stack.adminAuth, null)).status).toBe(200);

    await eventually(async () => (await auditEntries('auth.throttled')).some((entry) => entry.detail?.username === 'guessed'), 'the throttled pair audited', { timeoutMs: 5_000 });
    const [throttled, ...more] = (await auditEntries('auth.throttled')).filter((entry) => entry.detail?.username === 'guessed');
    expect(more).toEqual([]);
    expect(throttled).toMatchObject({ actor: null, address: '127.0.0.1', subjectType: 'address', subjectId: '127.0.0.1', detail: { username: 'guessed', failures: PAIR_FAILURE_LIMIT } });
    expect(throttled.detail?.retryAfterSeconds).toBeGreaterThan(WINDOW_SECONDS - 60);
    const stored = await stack.orm.em.fork().find(AuthFailure, { address: '127.0.0.1' });
    expect(stored.map(({ username, failures }) => ({ username, failures })).sort((a, b) => String(a.username).localeCompare(String(b.username)))).toEqual([
      { username: 'guessed', failures: PAIR_FAILURE_LIMIT },
      { username: null, failures: PAIR_FAILURE_LIMIT },
    ]);
    const written = JSON.stringify([stored, await stack.orm.em.fork().find(AuditEntry, {})]);
    for (const guess of guesses) expect(written).not.toContain(guess);
  });

  it('throttles an address after 50 failures over different usernames, for every scheme and user, and no other address', async () => {
    const guesser = '203.0.113.50';
    for (let k = 0; k < ADDRESS_FAILURE_LIMIT; k++) expect((await adminApi(basicAuth(`nobody-${k}`, 'wrong-password'), guesser)).status).toBe(401);
    expectThrottled(await adminApi(stack.adminAuth, guesser));
    expectThrottled(await files(basicAuth('somebody-new', 'any-password'), guesser));
    expectThrottled(await files('Bearer hrd_tok_00000000000000000000000000_x', guesser));
    expect((await adminApi(stack.adminAuth, '203.0.113.51')).status).toBe(200);
    await eventually(async () => (await auditEntries('auth.throttled')).some((entry) => entry.subjectId === guesser), 'the throttled address audited', { timeoutMs: 5_000 });
    expect((await auditEntries('auth.throttled')).find((entry) => entry.subjectId === guesser)?.detail).toEqual({ failures: ADDRESS_FAILURE_LIMIT, retryAfterSeconds: expect.any(Number) });
  });

  it("counts a wrong current password as a failed sign-in: a stolen token cannot guess the password behind it", async () => {
    await createUser(stack, 'token-holder', 'reader');
    const issued = await stack.request('POST', '/api/v1/users/token-holder/tokens', { body: {} });
    const bearer = `Bearer ${((await issued.json()) as { token: string }).token}`;
    const from = '198.51.100.77';
    const change = async (currentPassword: string) => {
      const response = await fetch(`${stack.baseUrl}/api/v1/users/token-holder`, {
        method: 'PATCH',
        headers: { authorization: bearer, 'x-forwarded-for': from, 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'a-brand-new-password', currentPassword }),
      });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
    };
    for (let k = 0; k < PAIR_FAILURE_LIMIT; k++) expect((await change(`guess-${k}-password`)).status).toBe(403);
    expectThrottled(await change('token-holder-password-1'));
    // Only the password is refused: the same token still reads from there.
    expect((await files(bearer, from)).status).toBe(200);
  });

  it('counts Bearer failures for the address alone', async () => {
    const guesser = '203.0.113.60';
    const { token } = (await admin(stack, 'POST', `/users/${ADMIN.username}/tokens`, {})) as { token: string };
    for (let k = 0; k < ADDRESS_FAILURE_LIMIT; k++) expect((await files(`Bearer ${token.slice(0, -2)}${String(k).padStart(2, '0')}`, guesser)).status).toBe(401);
    expectThrottled(await files(`Bearer ${token}`, guesser));
    expect((await files(`Bearer ${token}`, '203.0.113.61')).status).toBe(200);
    const stored = () => stack.orm.em.fork().find(AuthFailure, { address: guesser });
    await eventually(async () => (await stored()).some((row) => row.failures === ADDRESS_FAILURE_LIMIT), 'the address window written', { timeoutMs: 5_000 });
    expect(await stored()).toEqual([expect.objectContaining({ username: null, failures: ADDRESS_FAILURE_LIMIT })]);
  });

  it('adds the failures two API processes saw: six through each, then both answer 429 within a second', async () => {
    const right = await createUser(stack, 'traveller', 'reader');
    const guesser = '203.0.113.80';
    const other: INestApplication = await createApiApp(stack.config);
    await other.listen(0, '127.0.0.1');
    const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
    try {
      const half = PAIR_FAILURE_LIMIT / 2 + 1;
      const answers = await Promise.all(
        Array.from({ length: 2 * half }, (_, k) => files(basicAuth('traveller', `wrong-${k}`), guesser, k % 2 ? otherUrl : stack.baseUrl)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(2 * half).fill(401));
      await sleep(ACROSS_PROCESSES_MS);
      expectThrottled(await files(right, guesser));
      expectThrottled(await files(right, guesser, otherUrl));
      expect((await stack.orm.em.fork().findOneOrFail(AuthFailure, { address: guesser, username: 'traveller' })).failures).toBe(2 * half);
      expect((await files(right, '203.0.113.81', otherUrl)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('costs an unknown username about what a known one costs', async () => {
    await createUser(stack, 'known', 'reader');
    const timed = async (username: string, k: number): Promise<number> => {
      const started = performance.now();
      expect((await files(basicAuth(username, 'wrong-password'), `198.51.100.${100 + k}`)).status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let k = 0; k < 7; k++) {
      known.push(await timed('known', k));
      unknown.push(await timed(`unknown-${k}`, k));
    }
    // Without the decoy hash an unknown user is answered from one indexed read, tens of times faster.
    expect(median(unknown)).toBeGreaterThan(median(known) / 4);
    expect(median(known)).toBeGreaterThan(median(unknown) / 4);
  });

  describe('the portal sign-in', () => {
    interface Page {
      status: number;
      retryAfter: string | null;
      html: string;
      location: string | null;
    }
    let cookies = new Map<string, string>();

    async function portal(method: 'GET' | 'POST', path: string, from: string, form?: Record<string, string>): Promise<Page> {
      const headers: Record<string, string> = { 'x-forwarded-for': from, cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(`${stack.baseUrl}${path}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      return { status: response.status, retryAfter: response.headers.get('retry-after'), html: await response.text(), location: response.headers.get('location') };
    }

    /** Posts the sign-in form as a browser would: with the form token of the page it was shown on. */
    async function signIn(username: string, password: string, from: string, previous?: Page): Promise<Page> {
      const page = previous ?? (await portal('GET', '/portal/login', from));
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
      expect(csrf).toBeDefined();
      return portal('POST', '/portal/login', from, { _csrf: csrf as string, next: '/portal/webhooks', username, password });
    }

    beforeEach(() => {
      cookies = new Map();
    });

    it('shows a throttled address a clear message with 429, audits each failure without its password, and lets the admin in from elsewhere', async () => {
      await admin(stack, 'POST', '/users', { username: 'portal-admin', password: 'portal-admin-password-1', role: 'admin' });
      const guesser = '203.0.113.70';
      const guesses = Array.from({ length: PAIR_FAILURE_LIMIT }, (_, k) => `portal-guess-${k}-secret`);
      let page: Page | undefined;
      for (const guess of guesses) {
        page = await signIn('portal-admin', guess, guesser, page);
        expect(page.status).toBe(401);
        expect(page.html).toContain('Wrong username or password.');
      }

      page = await signIn('portal-admin', 'portal-admin-password-1', guesser, page);
      expect(page.status).toBe(429);
      expect(Number(page.retryAfter)).toBeGreaterThan(WINDOW_SECONDS - 60);
      expect(page.html).toContain('Too many failed sign-ins from this address. Try again in 15 minutes.');
      expect(page.html).toMatch(/name="_csrf" value="[^"]+"/);
      expect(page.html).not.toMatch(/at .+\.ts:\d+|Error:/);

      const escaped = await signIn('<b>portal-admin', 'whatever', guesser, page);
      expect(escaped.status).toBe(401);
      expect(escaped.html).toContain('&lt;b&gt;portal-admin');
      expect(escaped.html).not.toContain('<b>portal-admin');

      cookies = new Map();
      const elsewhere = await signIn('portal-admin', 'portal-admin-password-1', '203.0.113.71');
      expect(elsewhere.status).toBe(303);
      expect(elsewhere.location).toBe('/portal/webhooks');

      const failed = (await auditEntries('session.sign_in_failed')).filter((entry) => entry.subjectId === 'portal-admin');
      expect(failed).toHaveLength(PAIR_FAILURE_LIMIT);
      for (const entry of failed) expect(entry).toMatchObject({ actor: null, address: guesser, subjectType: 'user', detail: { reason: 'wrong-password' } });
      await eventually(async () => (await auditEntries('auth.throttled')).some((entry) => entry.detail?.username === 'portal-admin'), 'the portal guesser audited', { timeoutMs: AUTH_FAILURE_FLUSH_MS * 20 });
      const written = JSON.stringify(await stack.orm.em.fork().find(AuditEntry, {}));
      for (const guess of [...guesses, 'portal-admin-password-1']) expect(written).not.toContain(guess);
    });

    it("shows a throttled guess at one's own current password beside that field with 429, and keeps the password", async () => {
      await admin(stack, 'POST', '/users', { username: 'portal-changer', password: 'portal-changer-password-1', role: 'admin' });
      const from = '203.0.113.73';
      expect((await signIn('portal-changer', 'portal-changer-password-1', from)).status).toBe(303);
      const change = async (currentPassword: string) => {
        const page = await portal('GET', '/portal/users/portal-changer', from);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] as string;
        return portal('POST', '/portal/users/portal-changer/password', from, { _csrf: csrf, password: 'portal-changer-new-password', currentPassword });
      };
      for (let k = 0; k < PAIR_FAILURE_LIMIT; k++) {
        const refused = await change(`portal-current-guess-${k}`);
        expect(refused.status).toBe(403);
        expect(refused.html).toContain('This is not your current password.');
      }

      const throttled = await change('portal-changer-password-1');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.retryAfter)).toBeGreaterThan(WINDOW_SECONDS - 60);
      expect(throttled.html).toContain('Too many failed sign-ins from this address. Try again in 15 minutes.');
      expect(throttled.html).toMatch(/name="_csrf" value="[^"]+"/);
      cookies = new Map();
      expect((await signIn('portal-changer', 'portal-changer-password-1', '203.0.113.74')).status).toBe(303);
    });
  });
});
