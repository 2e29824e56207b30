import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Role } from '@herald/contracts';
import { User } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { hashSecret } from '../../auth/password-hasher';
import { ConflictError } from '../../common/domain-errors';

export interface CreateUserCommand {
  username: string;
  password: string;
  role: Role;
  actor: AuditActor;
}

@Injectable()
export class CreateUserUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateUserCommand): Promise<User> {
    const em = this.orm.em.fork();
    if (await em.findOne(User, { username: command.username })) throw duplicate(command.username);
    const user = em.create(User, { username: command.username, passwordHash: await hashSecret(command.password), role: command.role });
    this.audit.record(em, { actor: command.actor, action: 'user.created', subjectType: 'user', subjectId: user.username, detail: { role: user.role } });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicate(command.username);
      throw error;
    }
    return user;
  }
}

function duplicate(username: string): ConflictError {
  return new ConflictError(`user ${username} already exists`);
}
