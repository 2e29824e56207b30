import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository, StoredFile } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { RepositoryCatalog } from '../repository-catalog';
import { RepositoryNotFoundError } from '../repository-errors';

/**
 * Removes a repository and its files. Its file events stay: they are history, and an
 * undispatched one is still owed its notifications. The files' bytes stay in the blob store until
 * garbage collection finds no file has pointed at them for its grace period.
 */
@Injectable()
export class DeleteRepositoryUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly catalog: RepositoryCatalog,
    private readonly audit: AuditLog,
  ) {}

  async execute(name: string, actor: AuditActor): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const repository = await tx.findOne(ArtifactRepository, { name });
      if (!repository) throw new RepositoryNotFoundError(name);
      const files = await tx.nativeDelete(StoredFile, { repository });
      await tx.nativeDelete(ArtifactRepository, { id: repository.id });
      this.audit.record(tx, { actor, action: 'repository.deleted', subjectType: 'repository', subjectId: name, detail: { format: repository.format, files } });
    });
    this.catalog.changed();
  }
}
