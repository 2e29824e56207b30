import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../common/client-address';

/** What a request presents to be authenticated: its Authorization header and the address it comes from. */
export interface Credentials {
  authorization: string | undefined;
  address: string;
}

export function credentialsOf(request: IncomingMessage): Credentials {
  return { authorization: request.headers.authorization, address: clientAddress(request) };
}

/** An Authorization header's secret: a Bearer token, or HTTP Basic's username and password (or token). */
export type PresentedSecret = { scheme: 'bearer'; token: string } | { scheme: 'basic'; username: string; secret: string };

/** Null for another scheme or a malformed header. */
export function parseAuthorization(header: string): PresentedSecret | null {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return null;
  const scheme = trimmed.slice(0, space).toLowerCase();
  const value = trimmed.slice(space + 1).trim();
  if (scheme === 'bearer') return { scheme, token: value };
  if (scheme !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // No user name or password holds a NUL (the API refuses one in bodies). Let through, it would
  // reach the database (an error there) or scrypt, whose HMAC key padding ignores trailing NULs.
  if (colon < 0 || decoded.includes('\u0000')) return null;
  return { scheme, username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
