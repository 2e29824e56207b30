import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ApiToken, User } from '@herald/persistence';
import { ChangeWatch } from '../common/change-watch';
import { hashTokenSecret, isKeyedHash, parseToken, tokenHashKey, verifyTokenSecret } from './api-token-secret';
import { verifySecret } from './password-hasher';
import { TOKEN_PREFIX, type Authentication, type Principal } from './principal';
import { TokenUseRecorder } from './token-uses';

const CACHE_TTL_MS = 60_000;
const CACHE_LIMIT = 1_000;

/** A verified credential; `token` when it was an API token. */
interface Verified {
  principal: Principal;
  token: { id: string; expiresAt: Date | null } | null;
}

/**
 * Reads HTTP Basic (password or API token) and Bearer credentials. Verified credentials are
 * remembered for a minute (never past a token's expiry) by a hash of the header, so build tools
 * fetching hundreds of files pay the password hash once, not per request. Any process revoking
 * a token or changing a user moves the `credentials` counter, and every process then forgets
 * what it remembered (ChangeWatch, within a second).
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal; tokenId: string | null; expiresAt: number }>();
  private readonly tokenKey: Buffer;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    changes: ChangeWatch,
    private readonly tokenUses: TokenUseRecorder,
  ) {
    this.tokenKey = tokenHashKey(config.secretKey);
    changes.on('credentials', async () => this.forgetAll());
  }

  async authenticate(header: string | undefined): Promise<Authentication> {
    if (!header || header.trim() === '') return { kind: 'anonymous' };
    const key = createHash('sha256').update(header).digest('base64');
    const now = new Date();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now.getTime()) {
      if (cached.tokenId) this.tokenUses.used(cached.tokenId, now);
      return { kind: 'authenticated', principal: cached.principal };
    }

    const verified = await this.verify(header.trim(), now);
    if (!verified) return { kind: 'invalid' };
    if (verified.token) this.tokenUses.used(verified.token.id, now);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    const expiresAt = Math.min(now.getTime() + CACHE_TTL_MS, verified.token?.expiresAt?.getTime() ?? Infinity);
    this.cache.set(key, { principal: verified.principal, tokenId: verified.token?.id ?? null, expiresAt });
    return { kind: 'authenticated', principal: verified.principal };
  }

  /** Forget remembered credentials (a password or token changed). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async verify(header: string, now: Date): Promise<Verified | null> {
    const space = header.indexOf(' ');
    if (space < 0) return null;
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'bearer') return this.verifyToken(value, null, now);
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
      const byToken = await this.verifyToken(secret, username, now);
      if (byToken) return byToken;
    }
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { username });
    if (!user || !(await verifySecret(secret, user.passwordHash)) || user.disabled) return null;
    return { principal: { username: user.username, role: user.role }, token: null };
  }

  /**
   * `hrd_<tokenId>_<secret>`, found by its id; with Basic, the username must be the token's owner.
   * A token issued before keyed hashes is checked with scrypt once and then rehashed.
   */
  private async verifyToken(token: string, username: string | null, now: Date): Promise<Verified | null> {
    const presented = parseToken(token);
    if (!presented) return null;
    const em = this.orm.em.fork();
    const stored = await em.findOne(ApiToken, { id: presented.id }, { populate: ['user'] });
    if (!stored || stored.user.disabled || (username !== null && stored.user.username !== username)) return null;
    if (stored.expiresAt && stored.expiresAt <= now) return null;
    if (isKeyedHash(stored.secretHash)) {
      if (!verifyTokenSecret(this.tokenKey, presented.secret, stored.secretHash)) return null;
    } else {
      if (!(await verifySecret(presented.secret, stored.secretHash))) return null;
      await em.nativeUpdate(ApiToken, { id: stored.id }, { secretHash: hashTokenSecret(this.tokenKey, presented.secret) });
    }
    this.tokenUses.stored(stored.id, stored.lastUsedAt);
    return { principal: { username: stored.user.username, role: stored.user.role }, token: { id: stored.id, expiresAt: stored.expiresAt } };
  }
}
