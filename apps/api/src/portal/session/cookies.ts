import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

export const SESSION_COOKIE = 'herald_session';
export const SIGN_IN_COOKIE = 'herald_sign_in';
/** Cookies never leave the portal: the REST API authenticates with headers only. */
export const PORTAL_PATH = '/portal';

/** One cookie from the request (no cookie-parser: the portal reads two cookies, nothing else does). */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The portal's cookies: HttpOnly, SameSite=Strict, under /portal, and `Secure` when Herald is
 * published over https (behind a proxy that ends TLS, the request itself is plain http).
 */
@Injectable()
export class PortalCookies {
  constructor(@Inject(HERALD_CONFIG) private readonly config: HeraldConfig) {}

  write(request: Request, response: Response, name: string, value: string, maxAgeMs: number): void {
    response.cookie(name, value, { ...this.options(request), maxAge: maxAgeMs });
  }

  clear(request: Request, response: Response, name: string): void {
    response.clearCookie(name, this.options(request));
  }

  private options(request: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', path: PORTAL_PATH, secure: this.config.portal.secureCookies || request.secure };
  }
}
