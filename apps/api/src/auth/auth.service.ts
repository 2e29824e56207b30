import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ApiToken, User } from '@herald/persistence';
import { ChangeWatch } from '../common/change-watch';
import { hashTokenSecret, isKeyedHash, parseToken, tokenHashKey, verifyTokenSecret } from './api-token-secret';
import { AuthThrottle } from './auth-throttle';
import { checkPassword, verifySecret } from './password-hasher';
import { parseAuthorization, type Credentials, type PresentedSecret } from './presented-credentials';
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
 * what it remembered (ChangeWatch, within a second). An address (or address and username) that
 * failed too often is refused first (AuthThrottle), before the cache could confirm a guess.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, { principal: Principal; tokenId: string | null; expiresAt: number }>();
  /** Checks running, by the same key as the cache. */
  private readonly verifying = new Map<string, Promise<Verified | null>>();
  private readonly tokenKey: Buffer;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    changes: ChangeWatch,
    private readonly tokenUses: TokenUseRecorder,
    private readonly throttle: AuthThrottle,
  ) {
    this.tokenKey = tokenHashKey(config.secretKey);
    changes.on('credentials', async () => this.forgetAll());
  }

  /** Throws TooManyFailedSignInsError when the address, or the address with this username, failed too often. */
  async authenticate({ authorization: header, address }: Credentials): Promise<Authentication> {
    if (!header || header.trim() === '') return { kind: 'anonymous' };
    // Refused before the cache could confirm a guess. While no address has failed (the common
    // case) nothing can be refused, and a remembered header is answered without being parsed.
    if (this.throttle.mayRefuse) this.throttle.refuseIfThrottled(address, basicUsername(parseAuthorization(header)));
    const key = createHash('sha256').update(header).digest('base64');
    const now = new Date();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now.getTime()) {
      if (cached.tokenId) this.tokenUses.used(cached.tokenId, now);
      return { kind: 'authenticated', principal: cached.principal };
    }

    const verified = await this.verifyOnce(key, parseAuthorization(header), address, now);
    if (!verified) return { kind: 'invalid' };
    if (verified.token) this.tokenUses.used(verified.token.id, now);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    const expiresAt = Math.min(now.getTime() + CACHE_TTL_MS, verified.token?.expiresAt?.getTime() ?? Infinity);
    this.cache.set(key, { principal: verified.principal, tokenId: verified.token?.id ?? null, expiresAt });
    return { kind: 'authenticated', principal: verified.principal };
  }

  /**
   * One check per header at a time: a build's parallel first requests with the same credentials
   * share one (one hash, one count towards the throttle), where each would otherwise pay its own.
   */
  private verifyOnce(key: string, presented: PresentedSecret | null, address: string, now: Date): Promise<Verified | null> {
    let running = this.verifying.get(key);
    if (!running) {
      running = this.verifyCounted(presented, address, now).finally(() => this.verifying.delete(key));
      this.verifying.set(key, running);
    }
    return running;
  }

  /** Basic may cost a password hash, so it runs as the throttle's counted check; a Bearer token costs an HMAC. */
  private async verifyCounted(presented: PresentedSecret | null, address: string, now: Date): Promise<Verified | null> {
    if (presented?.scheme === 'basic') return this.throttle.check(address, presented.username, () => this.verify(presented, now), (verified) => (verified ? 'succeeded' : 'failed'));
    const verified = presented ? await this.verify(presented, now) : null;
    if (!verified) this.throttle.failed(address, null);
    return verified;
  }

  /** Forget remembered credentials (a password or token changed). */
  forgetAll(): void {
    this.cache.clear();
  }

  private async verify(presented: PresentedSecret, now: Date): Promise<Verified | null> {
    if (presented.scheme === 'bearer') return this.verifyToken(presented.token, null, now);
    const { username, secret } = presented;
    if (secret.startsWith(TOKEN_PREFIX)) {
      const byToken = await this.verifyToken(secret, username, now);
      if (byToken) return byToken;
    }
    const user = await this.orm.em.fork().findOne(User, { username });
    if (!(await checkPassword(secret, user?.passwordHash ?? null)) || !user || user.disabled) return null;
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

function basicUsername(presented: PresentedSecret | null): string | null {
  return presented?.scheme === 'basic' ? presented.username : null;
}
