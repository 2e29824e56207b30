import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** Who is signed in to the portal, as the signed session cookie says. */
export interface PortalSession {
  username: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Random per sign-in: the CSRF token is derived from it, so each session has its own. */
  nonce: string;
}

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const SIGN_IN_FORM_TTL_MS = 60 * 60 * 1000;

type Purpose = 'session' | 'sign-in' | 'csrf';

/**
 * Signs and reads the portal's cookies with an HMAC key derived from HERALD_SECRET_KEY (HKDF, its
 * own label, so the key that encrypts webhook secrets never signs anything). Stateless: a cookie
 * is valid until it expires, and rotating HERALD_SECRET_KEY signs everyone out.
 */
@Injectable()
export class PortalSessionCodec {
  private readonly key: Buffer;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.secretKey, Buffer.alloc(0), 'herald portal cookies v1', 32));
  }

  issueSession(username: string, now = Date.now()): { session: PortalSession; cookie: string } {
    const session = { username, expiresAt: now + SESSION_TTL_MS, nonce: randomBytes(16).toString('base64url') };
    return { session, cookie: this.seal('session', { u: session.username, e: session.expiresAt, n: session.nonce }) };
  }

  readSession(cookie: string | undefined, now = Date.now()): PortalSession | null {
    const claims = this.open('session', cookie);
    if (!claims || typeof claims.u !== 'string' || typeof claims.e !== 'number' || typeof claims.n !== 'string') return null;
    if (claims.e <= now) return null;
    return { username: claims.u, expiresAt: claims.e, nonce: claims.n };
  }

  csrfToken(session: PortalSession): string {
    return this.mac('csrf', session.nonce);
  }

  checkCsrf(session: PortalSession, token: unknown): boolean {
    return typeof token === 'string' && sameText(token, this.csrfToken(session));
  }

  /**
   * The sign-in form has no session yet, so it gets a short-lived signed nonce cookie and the
   * matching token in a hidden field (double submit): another site cannot sign a browser in
   * to an account of its choosing.
   */
  issueSignInForm(now = Date.now()): { cookie: string; token: string } {
    const nonce = randomBytes(16).toString('base64url');
    return { cookie: this.seal('sign-in', { n: nonce, e: now + SIGN_IN_FORM_TTL_MS }), token: this.mac('sign-in', nonce) };
  }

  checkSignInForm(cookie: string | undefined, token: unknown, now = Date.now()): boolean {
    const claims = this.open('sign-in', cookie);
    if (!claims || typeof claims.n !== 'string' || typeof claims.e !== 'number' || claims.e <= now) return false;
    return typeof token === 'string' && sameText(token, this.mac('sign-in', claims.n));
  }

  private seal(purpose: Purpose, claims: Record<string, unknown>): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.mac(purpose, payload)}`;
  }

  private open(purpose: Purpose, cookie: string | undefined): Record<string, unknown> | null {
    if (!cookie) return null;
    const dot = cookie.indexOf('.');
    if (dot <= 0) return null;
    const payload = cookie.slice(0, dot);
    if (!sameText(cookie.slice(dot + 1), this.mac(purpose, payload))) return null;
    try {
      const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private mac(purpose: Purpose, data: string): string {
    return createHmac('sha256', this.key).update(`${purpose}.${data}`).digest('base64url');
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
