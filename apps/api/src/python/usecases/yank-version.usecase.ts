import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { PythonDistribution } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { RepositoryCatalog } from '../../repositories/repository-catalog';
import { normalizeProjectName } from '../package-name';
import { normalizeVersion } from '../package-version';
import { InvalidInputError, NotFoundError } from '../../common/domain-errors';
import { RepositoryNotFoundError } from '../../repositories/repository-errors';

export interface YankVersionCommand {
  repository: string;
  project: string;
  version: string;
  /** True yanks (with an optional reason), false takes the yank back. */
  yanked: boolean;
  reason?: string;
  actor: AuditActor;
}

export interface YankedVersion {
  repository: string;
  project: string;
  version: string;
  yanked: boolean;
  reason: string | null;
  files: string[];
}

/**
 * PEP 592: a yanked version stays installable when pinned (`==1.0.0`) but is no longer chosen by
 * a resolver. Set on every file of the version at once (a file uploaded to it later inherits it),
 * and audited.
 */
@Injectable()
export class YankVersionUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly catalog: RepositoryCatalog,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: YankVersionCommand): Promise<YankedVersion> {
    const repository = await this.catalog.fresh(command.repository);
    if (!repository) throw new RepositoryNotFoundError(command.repository);
    if (repository.format !== 'python') throw new InvalidInputError(`${repository.name} is a maven repository: only Python versions are yanked`);
    const project = normalizeProjectName(command.project);
    const version = normalizeVersion(command.version);
    if (version === null) throw new InvalidInputError(`${JSON.stringify(command.version.slice(0, 80))} is not a PEP 440 version`);
    const reason = command.yanked ? command.reason?.trim() || null : null;
    const files = await this.orm.em.fork().transactional(async (tx) => {
      const distributions = await tx.find(PythonDistribution, { repository: repository.id, project, version }, { exclude: ['coreMetadata'], orderBy: { filename: 'asc' } });
      if (distributions.length === 0) throw new NotFoundError(`${repository.name} has no files of ${project} ${version}`);
      const now = new Date();
      for (const distribution of distributions) Object.assign(distribution, { yankedAt: command.yanked ? distribution.yankedAt ?? now : null, yankedReason: reason });
      this.audit.record(tx, {
        actor: command.actor,
        action: command.yanked ? 'python_version.yanked' : 'python_version.unyanked',
        subjectType: 'repository',
        subjectId: repository.name,
        detail: { project, version, ...(reason === null ? {} : { reason }) },
      });
      return distributions.map((distribution) => distribution.filename);
    });
    return { repository: repository.name, project, version, yanked: command.yanked, reason, files };
  }
}
