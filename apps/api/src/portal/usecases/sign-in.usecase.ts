import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { User } from '@herald/persistence';
import { hashSecret, verifySecret } from '../../auth/password-hasher';

export interface SignInCommand {
  username: string;
  password: string;
}

export type SignInResult = { kind: 'signed-in'; username: string } | { kind: 'invalid' } | { kind: 'not-admin' };

/**
 * Checks a portal sign-in the way the API checks HTTP Basic: the stored scrypt hash of the
 * user's password (API tokens are for tools, not for the browser), and the admin role.
 */
@Injectable()
export class SignInUseCase {
  /** Hashed once: an unknown user costs the same slow hash as a wrong password. */
  private decoyHash: Promise<string> | null = null;

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(command: SignInCommand): Promise<SignInResult> {
    if (command.username === '' || command.password === '') return { kind: 'invalid' };
    const user = await this.orm.em.fork().findOne(User, { username: command.username });
    if (!user) {
      this.decoyHash ??= hashSecret('herald-decoy-password');
      await verifySecret(command.password, await this.decoyHash);
      return { kind: 'invalid' };
    }
    if (!(await verifySecret(command.password, user.passwordHash)) || user.disabled) return { kind: 'invalid' };
    if (user.role !== 'admin') return { kind: 'not-admin' };
    return { kind: 'signed-in', username: user.username };
  }
}
