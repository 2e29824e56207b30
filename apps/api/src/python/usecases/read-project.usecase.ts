import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { PythonDistribution } from '@herald/persistence';
import { compareVersions, parseVersion, type PythonVersion } from '../package-version';
import type { IndexedFile, ProjectPage } from '../simple-index';

/**
 * A project's page of the index: its files, newest version last (the order pip reads them in
 * does not matter to it, but people read pages too), each with what pip needs to choose one
 * without downloading it. Null when the repository has no file of the project.
 */
@Injectable()
export class ReadProjectUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(repositoryId: string, project: string): Promise<ProjectPage | null> {
    const distributions = await this.orm.em
      .fork()
      .find(PythonDistribution, { repository: repositoryId, project }, { populate: ['file'], exclude: ['coreMetadata'], orderBy: { filename: 'asc' } });
    if (distributions.length === 0) return null;
    const parsed = new Map<string, PythonVersion | null>(distributions.map((distribution) => [distribution.version, parseVersion(distribution.version)]));
    const byVersion = (a: string, b: string) => {
      const [left, right] = [parsed.get(a), parsed.get(b)];
      return left && right ? compareVersions(left, right) : a.localeCompare(b);
    };
    distributions.sort((a, b) => byVersion(a.version, b.version) || a.filename.localeCompare(b.filename));
    const files: IndexedFile[] = distributions.map((distribution) => ({
      filename: distribution.filename,
      url: `../../${distribution.file.path.split('/').map(encodeURIComponent).join('/')}`,
      sha256: distribution.file.sha256,
      size: distribution.file.size,
      uploadedAt: distribution.uploadedAt,
      requiresPython: distribution.requiresPython,
      coreMetadataSha256: distribution.coreMetadataSha256,
      yanked: distribution.yankedAt === null ? false : distribution.yankedReason ?? '',
    }));
    return { name: project, versions: [...new Set(distributions.map((distribution) => distribution.version))], files };
  }
}
