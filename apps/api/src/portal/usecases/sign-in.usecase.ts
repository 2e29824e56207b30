import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { User } from '@herald/persistence';
import { AuditLog } from '../../audit/audit-log.service';
import { AuthThrottle } from '../../auth/auth-throttle';
import { checkPassword } from '../../auth/password-hasher';

export interface SignInCommand {
  username: string;
  password: string;
  /** The client's address: failed sign-ins are counted per address and per (address, username). */
  address: string;
}

export type SignInResult = { kind: 'signed-in'; username: string } | { kind: 'invalid' } | { kind: 'not-admin' } | { kind: 'throttled'; retryAfterSeconds: number };

/** Why a sign-in failed, as its audit entry says; the answer to the browser never tells these apart. */
type FailureReason = 'unknown-user' | 'wrong-password' | 'disabled' | 'not-admin';

/** Audit subject ids hold 64 characters; a longer username is recorded cut short. */
const SUBJECT_ID_LENGTH = 64;

/**
 * Checks a portal sign-in the way the API checks HTTP Basic: the stored scrypt hash of the
 * user's password (API tokens are for tools, not for the browser), and the admin role. An
 * address that failed too often is refused before any hash; every failure is audited.
 */
@Injectable()
export class SignInUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly throttle: AuthThrottle,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: SignInCommand): Promise<SignInResult> {
    const { username, password, address } = command;
    if (username === '' || password === '') return { kind: 'invalid' };
    const retryAfterSeconds = this.throttle.retryAfterSeconds(address, username);
    if (retryAfterSeconds > 0) return { kind: 'throttled', retryAfterSeconds };
    const em = this.orm.em.fork();
    const failure = await this.throttle.check(
      address,
      username,
      async (): Promise<FailureReason | null> => {
        const user = await em.findOne(User, { username });
        const passwordMatches = await checkPassword(password, user?.passwordHash ?? null);
        return !user ? 'unknown-user' : !passwordMatches ? 'wrong-password' : user.disabled ? 'disabled' : user.role !== 'admin' ? 'not-admin' : null;
      },
      // A reader's right password is no guess: it does not count towards the throttle.
      (reason) => (reason === null || reason === 'not-admin' ? 'succeeded' : 'failed'),
    );
    if (failure === null) return { kind: 'signed-in', username };
    this.audit.record(em, {
      actor: { username: null, address },
      action: 'session.sign_in_failed',
      subjectType: 'user',
      subjectId: username.slice(0, SUBJECT_ID_LENGTH),
      detail: { reason: failure },
    });
    await em.flush();
    return failure === 'not-admin' ? { kind: 'not-admin' } : { kind: 'invalid' };
  }
}
