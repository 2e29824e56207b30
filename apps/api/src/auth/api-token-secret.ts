import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_PREFIX } from './principal';

/** The keyed hash of a token secret: `hmac-sha256$<base64url>`. */
const SCHEME = 'hmac-sha256';

/** The parts of a presented token: its id (the lookup key, not secret) and its secret. */
export interface PresentedToken {
  id: string;
  secret: string;
}

/**
 * Token secrets are 192 random bits: a keyed SHA-256 is as safe against a stolen table as a slow
 * hash, and costs microseconds instead of scrypt's tens of milliseconds on a cache miss. The key
 * is derived from HERALD_SECRET_KEY, so a database copy alone cannot check a guess.
 */
export function tokenHashKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'herald api tokens v1', 32));
}

export function newTokenSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function hashTokenSecret(key: Buffer, secret: string): string {
  return `${SCHEME}$${createHmac('sha256', key).update(secret, 'utf8').digest('base64url')}`;
}

/** True for a hash of this scheme that matches; false for another scheme (see isKeyedHash). */
export function verifyTokenSecret(key: Buffer, secret: string, stored: string): boolean {
  if (!isKeyedHash(stored)) return false;
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashTokenSecret(key, secret));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function isKeyedHash(stored: string): boolean {
  return stored.startsWith(`${SCHEME}$`);
}

/** `hrd_<tokenId>_<secret>`, as the create answer shows it. */
export function formatToken(id: string, secret: string): string {
  return `${tokenPrefix(id)}_${secret}`;
}

/** What a token starts with: the marker and its id, never any of the secret. Lists show it. */
export function tokenPrefix(id: string): string {
  return `${TOKEN_PREFIX}${id}`;
}

export function parseToken(token: string): PresentedToken | null {
  const match = /^hrd_([a-z0-9]+_[a-z0-9]+)_([A-Za-z0-9_-]+)$/.exec(token);
  return match ? { id: match[1], secret: match[2] } : null;
}
