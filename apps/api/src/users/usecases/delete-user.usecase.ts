import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ApiToken, User } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { AuthService } from '../../auth/auth.service';
import { assertAnotherAdminRemains } from '../last-admin';
import { UserNotFoundError } from '../user-errors';

export interface DeleteUserCommand {
  username: string;
  actor: AuditActor;
}

/** Removes a user and its tokens (its portal sessions go with it); the last enabled admin stays, or nobody could administer Herald. */
@Injectable()
export class DeleteUserUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly audit: AuditLog,
    private readonly auth: AuthService,
  ) {}

  async execute(command: DeleteUserCommand): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      await assertAnotherAdminRemains(tx, this.config.database, command.username, 'deleted');
      const user = await tx.findOne(User, { username: command.username });
      if (!user) throw new UserNotFoundError(command.username);
      await tx.nativeDelete(ApiToken, { user });
      await tx.nativeDelete(User, { id: user.id });
      this.audit.record(tx, { actor: command.actor, action: 'user.deleted', subjectType: 'user', subjectId: user.username, detail: { role: user.role } });
    });
    // Remembered credentials of the deleted user must stop working now, not in a minute.
    this.auth.forgetAll();
  }
}
