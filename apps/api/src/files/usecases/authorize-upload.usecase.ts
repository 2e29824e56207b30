import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { pathClashes, StoredFile } from '@herald/persistence';
import { PathConflictError, UploadTooLargeError } from '@herald/storage';
import type { Credentials } from '../../auth/presented-credentials';
import { InvalidInputError } from '../../common/domain-errors';
import type { ArtifactLocation } from '../artifact-path';
import { FileAccessPolicy, type FileAccess } from '../file-access';
import { mayOverwrite, overwriteRefused } from '../overwrite-policy';
import { WrongUploadMethodError } from '../upload-errors';

export interface AuthorizeUploadCommand {
  location: ArtifactLocation;
  credentials: Credentials;
  /** The declared body size; null when the body is chunked. */
  contentLength: number | null;
}

/**
 * Everything an upload can be refused for before its body is read: credentials, role, the
 * declared size, and a release repository's refusal to overwrite. Run before `100 Continue` is
 * sent and again when the upload starts; the upload itself checks the policy once more when it
 * commits, since another upload may have landed in between.
 */
@Injectable()
export class AuthorizeUploadUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly access: FileAccessPolicy,
  ) {}

  async execute(command: AuthorizeUploadCommand): Promise<FileAccess> {
    const { location } = command;
    if (location.folder) throw new InvalidInputError('PUT needs a file path, not a folder');
    const access = await this.access.authorize(location.repository, command.credentials, 'write');
    if (command.contentLength !== null && command.contentLength > this.config.maxUploadBytes) throw new UploadTooLargeError(this.config.maxUploadBytes);
    const { repository } = access;
    if (repository.format === 'python') throw notThisFormat(repository.name);
    const em = this.orm.em.fork();
    if ((await em.count(StoredFile, { repository: repository.id, path: location.path })) > 0) {
      if (!mayOverwrite(repository, location.path)) throw overwriteRefused(repository, location.path);
    } else if (await pathClashes(em, this.config.database, repository.id, location.path)) {
      throw new PathConflictError(`${repository.name}/${location.path}`);
    }
    return access;
  }
}

/** A python repository takes its files through twine's upload API, where name, version and metadata are checked. */
function notThisFormat(repository: string): WrongUploadMethodError {
  return new WrongUploadMethodError(`${repository} is a python repository: upload distributions with twine (POST to the repository URL), not PUT`);
}
