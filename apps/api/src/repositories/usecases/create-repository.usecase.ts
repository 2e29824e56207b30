import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { RepositoryFormat, RepositoryPolicy, RepositoryVisibility } from '@herald/contracts';
import { ArtifactRepository } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { ConflictError } from '../../common/domain-errors';

export interface CreateRepositoryCommand {
  name: string;
  format?: RepositoryFormat;
  policy?: RepositoryPolicy;
  visibility?: RepositoryVisibility;
  actor: AuditActor;
}

@Injectable()
export class CreateRepositoryUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: CreateRepositoryCommand): Promise<ArtifactRepository> {
    const em = this.orm.em.fork();
    if (await em.findOne(ArtifactRepository, { name: command.name })) throw duplicate(command.name);
    const repository = em.create(ArtifactRepository, {
      name: command.name,
      format: command.format ?? 'maven',
      policy: command.policy ?? 'release',
      visibility: command.visibility ?? 'private',
    });
    const { format, policy, visibility } = repository;
    this.audit.record(em, { actor: command.actor, action: 'repository.created', subjectType: 'repository', subjectId: repository.name, detail: { format, policy, visibility } });
    try {
      await em.flush();
    } catch (error) {
      // Two creates of one name at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw duplicate(command.name);
      throw error;
    }
    return repository;
  }
}

function duplicate(name: string): ConflictError {
  return new ConflictError(`repository ${name} already exists`);
}
