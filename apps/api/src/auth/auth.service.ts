import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken, User } from '@herald/persistence';
import { verifySecret } from './password-hasher';
import { TOKEN_PREFIX, type Authentication, type Principal } from './principal';

const CACHE_TTL_MS = 60_000;
const CACHE_LIMIT = 1_000;

/**
 * Reads HTTP Basic (password or API token) and Bearer credentials. Verified credentials are
 * remembered for a minute by a hash of the header, so build tools fetching hundreds of files
 * pay the slow hash once, not per request.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async authenticate(header: string | undefined): Promise<Authentication> {
    if (!header || header.trim() === '') return { kind: 'anonymous' };
    const key = createHash('sha256').update(header).digest('base64');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return { kind: 'authenticated', principal: cached.principal };

    const principal = await this.verify(header.trim());
    if (!principal) return { kind: 'invalid' };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { principal, expiresAt: Date.now() + CACHE_TTL_MS });
    return { kind: 'authenticated', principal };
  }

  /** Forget remembered credentials (a password or token changed). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async verify(header: string): Promise<Principal | null> {
    const space = header.indexOf(' ');
    if (space < 0) return null;
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') return this.verifyToken(value, null);
    if (scheme !== 'basic') return null;
    let decoded: string;
    try {
      decoded = Buffer.from(value, 'base64').toString('utf8');
    } catch {
      return null;
    }
    const colon = decoded.indexOf(':');
    // No user name or password holds a NUL (the API refuses one in bodies). Let through, it would
    // reach the database (an error there) or scrypt, whose HMAC key padding ignores trailing NULs.
    if (colon < 0 || decoded.includes('\u0000')) return null;
    const username = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (secret.startsWith(TOKEN_PREFIX)) {
      const byToken = await this.verifyToken(secret, username);
      if (byToken) return byToken;
    }
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { username });
    if (!user || !(await verifySecret(secret, user.passwordHash))) return null;
    return { username: user.username, role: user.role };
  }

  /** `hrd_<tokenId>_<secret>`; with Basic, the username must be the token's owner. */
  private async verifyToken(token: string, username: string | null): Promise<Principal | null> {
    const match = /^hrd_([a-z0-9]+_[a-z0-9]+)_([A-Za-z0-9_-]+)$/.exec(token);
    if (!match) return null;
    const em = this.orm.em.fork();
    const stored = await em.findOne(ApiToken, { id: match[1] }, { populate: ['user'] });
    if (!stored || (username !== null && stored.user.username !== username)) return null;
    if (!(await verifySecret(match[2], stored.secretHash))) return null;
    return { username: stored.user.username, role: stored.user.role };
  }
}
