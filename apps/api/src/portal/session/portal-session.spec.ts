import type { HeraldConfig } from '@herald/config';
import { PortalSessionCodec, SESSION_TTL_MS } from './portal-session';

const codecWith = (key: number) => new PortalSessionCodec({ secretKey: Buffer.alloc(32, key) } as HeraldConfig);

describe('PortalSessionCodec', () => {
  const codec = codecWith(7);

  it('reads back a session it issued, until it expires', () => {
    const now = 1_000_000;
    const { session, cookie } = codec.issueSession('admin', now);
    expect(codec.readSession(cookie, now + 1)).toEqual(session);
    expect(session.expiresAt).toBe(now + SESSION_TTL_MS);
    expect(codec.readSession(cookie, now + SESSION_TTL_MS)).toBeNull();
  });

  it('refuses a tampered, truncated or foreign cookie', () => {
    const { cookie } = codec.issueSession('admin');
    const [payload, mac] = cookie.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'root', e: Date.now() + 1e9, n: 'x' })).toString('base64url');
    expect(codec.readSession(`${forged}.${mac}`)).toBeNull();
    expect(codec.readSession(payload)).toBeNull();
    expect(codec.readSession(`${payload}.${mac.slice(1)}`)).toBeNull();
    expect(codecWith(8).readSession(cookie)).toBeNull();
    expect(codec.readSession(undefined)).toBeNull();
  });

  it('does not accept a sign-in form cookie as a session', () => {
    const form = codec.issueSignInForm();
    expect(codec.readSession(form.cookie)).toBeNull();
  });

  it('gives each session its own CSRF token and checks it', () => {
    const first = codec.issueSession('admin').session;
    const second = codec.issueSession('admin').session;
    expect(codec.csrfToken(first)).not.toBe(codec.csrfToken(second));
    expect(codec.checkCsrf(first, codec.csrfToken(first))).toBe(true);
    expect(codec.checkCsrf(first, codec.csrfToken(second))).toBe(false);
    expect(codec.checkCsrf(first, undefined)).toBe(false);
    expect(codec.checkCsrf(first, ['array'])).toBe(false);
  });

  it('checks the sign-in form token against its own cookie only', () => {
    const now = 5_000;
    const one = codec.issueSignInForm(now);
    const two = codec.issueSignInForm(now);
    expect(codec.checkSignInForm(one.cookie, one.token, now)).toBe(true);
    expect(codec.checkSignInForm(one.cookie, two.token, now)).toBe(false);
    expect(codec.checkSignInForm(undefined, one.token, now)).toBe(false);
    expect(codec.checkSignInForm(one.cookie, one.token, now + 2 * 60 * 60 * 1000)).toBe(false);
  });
});
