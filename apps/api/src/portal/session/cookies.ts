import type { Request, Response } from 'express';

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

export function writeCookie(request: Request, response: Response, name: string, value: string, maxAgeMs: number): void {
  response.cookie(name, value, { httpOnly: true, sameSite: 'strict', path: PORTAL_PATH, maxAge: maxAgeMs, secure: request.secure });
}

export function clearCookie(request: Request, response: Response, name: string): void {
  response.clearCookie(name, { httpOnly: true, sameSite: 'strict', path: PORTAL_PATH, secure: request.secure });
}
