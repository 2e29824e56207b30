import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { RepositoryPolicy, RepositoryVisibility } from '@herald/contracts';
import { ArtifactRepository } from '@herald/persistence';
import { FILE_STORE, type FileStore } from '@herald/storage';

export interface CreateRepositoryCommand {
  name: string;
  policy?: RepositoryPolicy;
  visibility?: RepositoryVisibility;
}

@Injectable()
export class CreateRepositoryUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  async execute(command: CreateRepositoryCommand): Promise<ArtifactRepository> {
    const em = this.orm.em.fork();
    if (await em.findOne(ArtifactRepository, { name: command.name })) throw duplicate(command.name);
    // Left behind by a delete whose folder removal failed: a new repository starts empty.
    await this.store.removeFolder(command.name);
    const repository = em.create(ArtifactRepository, {
      name: command.name,
      policy: command.policy ?? 'release',
      visibility: command.visibility ?? 'private',
    });
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

function duplicate(name: string): ConflictException {
  return new ConflictException(`repository ${name} already exists`);
}
