import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository } from '@herald/persistence';
import { NotFoundError } from '../../common/domain-errors';

@Injectable()
export class GetRepositoryUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(name: string): Promise<ArtifactRepository> {
    const repository = await this.orm.em.fork().findOne(ArtifactRepository, { name });
    if (!repository) throw new NotFoundError(`repository ${name} does not exist`);
    return repository;
  }
}
