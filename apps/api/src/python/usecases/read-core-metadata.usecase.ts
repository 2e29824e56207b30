import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { PythonDistribution } from '@herald/persistence';

/** The core metadata of a distribution, read at upload, served as `{file}.metadata` (PEP 658); null when there is none. */
@Injectable()
export class ReadCoreMetadataUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(repositoryId: string, filePath: string): Promise<{ text: string; sha256: string } | null> {
    const distribution = await this.orm.em
      .fork()
      .findOne(PythonDistribution, { repository: repositoryId, file: { path: filePath } }, { fields: ['coreMetadata', 'coreMetadataSha256'], populate: ['coreMetadata'] });
    if (!distribution?.coreMetadata || !distribution.coreMetadataSha256) return null;
    return { text: distribution.coreMetadata, sha256: distribution.coreMetadataSha256 };
  }
}
