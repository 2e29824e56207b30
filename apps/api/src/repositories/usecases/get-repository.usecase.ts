import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository } from '@herald/persistence';
import { RepositoryNotFoundError } from '../repository-errors';

@Injectable()
export class GetRepositoryUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(name: string): Promise<ArtifactRepository> {
    const repository = await this.orm.em.fork().findOne(ArtifactRepository, { name });
    if (!repository) throw new RepositoryNotFoundError(name);
    return repository;
  }
}
