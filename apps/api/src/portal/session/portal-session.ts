import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** A session lasts this long after sign-in whatever its activity (the cookie's Max-Age too). */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
export const SIGN_IN_FORM_TTL_MS = 60 * 60 * 1000;

type Purpose = 'sign-in' | 'csrf';

/**
 * The portal's keyed tokens, under an HMAC key derived from HERALD_SECRET_KEY (HKDF, its own
 * label, so the key that encrypts webhook secrets never signs anything): each session's CSRF
 * token, and the sign-in form's double-submit cookie. Sessions themselves live in the database
 * (PortalSessions); the sign-in form has no session yet, so its cookie stays stateless.
 */
@Injectable()
export class PortalSessionCodec {
  private readonly key: Buffer;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.secretKey, Buffer.alloc(0), 'herald portal cookies v1', 32));
  }

  /** Derived from the session's cookie secret, so each session has its own and none is stored. */
  csrfToken(sessionSecret: string): string {
    return this.mac('csrf', sessionSecret);
  }

  checkCsrf(sessionSecret: string, token: unknown): boolean {
    return typeof token === 'string' && sameText(token, this.csrfToken(sessionSecret));
  }

  /**
   * A short-lived signed nonce cookie and the matching token in a hidden field (double submit):
   * another site cannot sign a browser in to an account of its choosing.
   */
  issueSignInForm(now = Date.now()): { cookie: string; token: string } {
    const nonce = randomBytes(16).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ n: nonce, e: now + SIGN_IN_FORM_TTL_MS })).toString('base64url');
    return { cookie: `${payload}.${this.mac('sign-in', payload)}`, token: this.mac('sign-in', nonce) };
  }

  checkSignInForm(cookie: string | undefined, token: unknown, now = Date.now()): boolean {
    const claims = this.openSignInForm(cookie);
    if (!claims || typeof claims.n !== 'string' || typeof claims.e !== 'number' || claims.e <= now) return false;
    return typeof token === 'string' && sameText(token, this.mac('sign-in', claims.n));
  }

  private openSignInForm(cookie: string | undefined): Record<string, unknown> | null {
    if (!cookie) return null;
    const dot = cookie.indexOf('.');
    if (dot <= 0) return null;
    const payload = cookie.slice(0, dot);
    if (!sameText(cookie.slice(dot + 1), this.mac('sign-in', payload))) return null;
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
