import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository, StoredFile } from '@herald/persistence';
import { FILE_STORE, type FileStore } from '@herald/storage';
import { RepositoryCatalog } from '../repository-catalog';

/**
 * Removes a repository, its file metadata and its files. Its file events stay: they are history,
 * and an undispatched one is still owed its notifications.
 */
@Injectable()
export class DeleteRepositoryUseCase {
  private readonly logger = new Logger('DeleteRepository');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly catalog: RepositoryCatalog,
  ) {}

  async execute(name: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const repository = await tx.findOne(ArtifactRepository, { name });
      if (!repository) throw new NotFoundException(`repository ${name} does not exist`);
      await tx.nativeDelete(StoredFile, { repository });
      await tx.nativeDelete(ArtifactRepository, { id: repository.id });
    });
    this.catalog.changed();
    try {
      await this.store.removeFolder(name);
    } catch (error) {
      // The metadata is gone, so nothing serves these bytes; a later create of the name clears them.
      this.logger.warn(`files of deleted repository ${name} were not all removed: ${(error as Error).message}`);
    }
  }
}
