import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { AuthService } from '../../auth/auth.service';
import { TokenNotFoundError } from '../user-errors';

export interface RevokeTokenCommand {
  username: string;
  id: string;
  actor: AuditActor;
}

/**
 * Deletes one of a user's tokens. The delete moves the `credentials` counter, so other API
 * processes forget the token within a second; this one forgets it before answering.
 */
@Injectable()
export class RevokeTokenUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
    private readonly auth: AuthService,
  ) {}

  async execute(command: RevokeTokenCommand): Promise<void> {
    const { username, id } = command;
    await this.orm.em.fork().transactional(async (tx) => {
      const token = await tx.findOne(ApiToken, { id, user: { username } }, { fields: ['id', 'name'] });
      if (!token || (await tx.nativeDelete(ApiToken, { id: token.id })) === 0) throw new TokenNotFoundError(username, id);
      this.audit.record(tx, { actor: command.actor, action: 'token.revoked', subjectType: 'user', subjectId: username, detail: { tokenId: token.id, name: token.name } });
    });
    this.auth.forgetAll();
  }
}
