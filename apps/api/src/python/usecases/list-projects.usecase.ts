import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { tableOf } from '@herald/persistence';

/** The projects of a python repository (normalized names, in order): the root of its index. */
@Injectable()
export class ListProjectsUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  async execute(repositoryId: string): Promise<string[]> {
    const rows: Array<{ project: string }> = await this.orm.em
      .getConnection()
      .execute(`select distinct "project" from ${tableOf(this.config.database, 'python_distribution')} where "repository_id" = ? order by "project"`, [repositoryId]);
    return rows.map((row) => row.project);
  }
}
