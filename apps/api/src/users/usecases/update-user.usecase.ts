import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ROLES, type Role } from '@herald/contracts';
import { PortalSession, User } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { AuthThrottle } from '../../auth/auth-throttle';
import { AuthService } from '../../auth/auth.service';
import { hashSecret, verifySecret } from '../../auth/password-hasher';
import { PASSWORD_MAX, PASSWORD_MIN } from '../dto/create-user.dto';
import { assertAnotherAdminRemains } from '../last-admin';
import { ForbiddenError, InvalidInputError } from '../../common/domain-errors';
import { UserNotFoundError } from '../user-errors';

export interface UpdateUserCommand {
  username: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
  /** Required when the actor changes its own password. */
  currentPassword?: string;
  actor: AuditActor;
}

/**
 * Changes a user's role, password or disabled flag. A new password or disabling ends the
 * user's portal sessions in the same transaction; the credentials counter the change moves makes
 * every API process forget the user's remembered credentials within a second.
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly audit: AuditLog,
    private readonly auth: AuthService,
    private readonly throttle: AuthThrottle,
  ) {}

  async execute(command: UpdateUserCommand): Promise<User> {
    validate(command);
    const existing = await this.orm.em.fork().findOne(User, { username: command.username });
    if (!existing) throw new UserNotFoundError(command.username);
    if (command.password !== undefined && command.actor.username === command.username) await this.confirmCurrentPassword(command, existing.passwordHash);
    // Hashed before the transaction: scrypt takes tens of milliseconds, too long to hold admin rows locked.
    const passwordHash = command.password === undefined ? null : await hashSecret(command.password);

    const user = await this.orm.em.fork().transactional(async (tx) => {
      const removesAnAdmin = (command.role !== undefined && command.role !== 'admin') || command.disabled === true;
      if (removesAnAdmin) await assertAnotherAdminRemains(tx, this.config.database, command.username, 'demoted or disabled');
      const user = await tx.findOne(User, { username: command.username });
      if (!user) throw new UserNotFoundError(command.username);
      const diff: Record<string, unknown> = {};
      if (command.role !== undefined && command.role !== user.role) diff.role = { from: user.role, to: command.role };
      if (command.disabled !== undefined && command.disabled !== user.disabled) diff.disabled = { from: user.disabled, to: command.disabled };
      if (passwordHash !== null) diff.password = 'changed';
      tx.assign(user, { role: command.role ?? user.role, disabled: command.disabled ?? user.disabled, passwordHash: passwordHash ?? user.passwordHash });
      if (passwordHash !== null || command.disabled === true) await tx.nativeDelete(PortalSession, { user: user.id });
      if (Object.keys(diff).length > 0) this.audit.record(tx, { actor: command.actor, action: 'user.updated', subjectType: 'user', subjectId: user.username, detail: diff });
      return user;
    });
    this.auth.forgetAll();
    return user;
  }

  /**
   * A wrong current password is a failed sign-in like any other: counted and throttled, so that a
   * stolen token or session cannot be used to guess the password behind it at full speed.
   */
  private async confirmCurrentPassword(command: UpdateUserCommand, passwordHash: string): Promise<void> {
    const { currentPassword } = command;
    if (currentPassword === undefined || currentPassword === '') throw new InvalidInputError('currentPassword is required to change your own password', { field: 'currentPassword' });
    const address = command.actor.address ?? 'unknown';
    const matches = await this.throttle.check(address, command.username, () => verifySecret(currentPassword, passwordHash), (ok) => (ok ? 'succeeded' : 'failed'));
    if (!matches) throw new ForbiddenError('currentPassword does not match', { field: 'currentPassword' });
  }
}

function validate(command: UpdateUserCommand): void {
  if (command.role === undefined && command.password === undefined && command.disabled === undefined) throw new InvalidInputError('nothing to change: send role, password or disabled');
  if (command.role !== undefined && !ROLES.includes(command.role)) throw new InvalidInputError(`role must be one of ${ROLES.join(', ')}`);
  if (command.password !== undefined && (command.password.length < PASSWORD_MIN || command.password.length > PASSWORD_MAX)) {
    throw new InvalidInputError(`password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  }
}
