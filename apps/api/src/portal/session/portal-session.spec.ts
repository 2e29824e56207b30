import type { HeraldConfig } from '@herald/config';
import { PortalSessionCodec } from './portal-session';

const codecWith = (key: number) => new PortalSessionCodec({ secretKey: Buffer.alloc(32, key) } as HeraldConfig);

describe('PortalSessionCodec', () => {
  const codec = codecWith(7);

  it('gives each session its own CSRF token, under this key only, and checks it', () => {
    const first = 'a'.repeat(43);
    const second = 'b'.repeat(43);
    expect(codec.csrfToken(first)).not.toBe(codec.csrfToken(second));
    expect(codec.csrfToken(first)).not.toContain(first);
    expect(codecWith(8).csrfToken(first)).not.toBe(codec.csrfToken(first));
    expect(codec.checkCsrf(first, codec.csrfToken(first))).toBe(true);
    expect(codec.checkCsrf(first, codec.csrfToken(second))).toBe(false);
    expect(codec.checkCsrf(first, undefined)).toBe(false);
    expect(codec.checkCsrf(first, ['array'])).toBe(false);
  });

  it('checks the sign-in form token against its own cookie only, until the form expires', () => {
    const now = 5_000;
    const one = codec.issueSignInForm(now);
    const two = codec.issueSignInForm(now);
    expect(codec.checkSignInForm(one.cookie, one.token, now)).toBe(true);
    expect(codec.checkSignInForm(one.cookie, two.token, now)).toBe(false);
    expect(codec.checkSignInForm(undefined, one.token, now)).toBe(false);
    expect(codec.checkSignInForm(one.cookie, one.token, now + 2 * 60 * 60 * 1000)).toBe(false);
  });

  it('refuses a tampered, truncated or foreign sign-in form cookie', () => {
    const { cookie, token } = codec.issueSignInForm();
    const [payload, mac] = cookie.split('.');
    const forged = Buffer.from(JSON.stringify({ n: 'chosen', e: Date.now() + 1e9 })).toString('base64url');
    expect(codec.checkSignInForm(`${forged}.${mac}`, token)).toBe(false);
    expect(codec.checkSignInForm(payload, token)).toBe(false);
    expect(codec.checkSignInForm(`${payload}.${mac.slice(1)}`, token)).toBe(false);
    expect(codecWith(8).checkSignInForm(cookie, token)).toBe(false);
  });

  it('does not take a session CSRF token for a sign-in form token', () => {
    const { cookie } = codec.issueSignInForm();
    const nonce = (JSON.parse(Buffer.from(cookie.split('.')[0], 'base64url').toString('utf8')) as { n: string }).n;
    expect(codec.checkSignInForm(cookie, codec.csrfToken(nonce))).toBe(false);
  });
});
