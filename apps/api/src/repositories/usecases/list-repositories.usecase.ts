import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ArtifactRepository } from '@herald/persistence';

@Injectable()
export class ListRepositoriesUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  execute(): Promise<ArtifactRepository[]> {
    return this.orm.em.fork().find(ArtifactRepository, {}, { orderBy: { name: 'asc' } });
  }
}
