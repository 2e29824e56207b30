import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import type { Credentials } from '../auth/presented-credentials';
import type { Principal } from '../auth/principal';
import { RepositoryCatalog, type RepositoryFacts } from '../repositories/repository-catalog';
import { ForbiddenError, UnauthenticatedError } from '../common/domain-errors';
import { RepositoryNotFoundError } from '../repositories/repository-errors';

export type FileOperation = 'read' | 'write' | 'delete';

export interface FileAccess {
  repository: RepositoryFacts;
  /** null: an anonymous reader of a public repository. */
  principal: Principal | null;
}

/**
 * Who may do what to a repository's files. Anonymous callers learn nothing about private
 * repositories, not even whether they exist: they get the 401 (with its Basic challenge) Maven and Gradle wait for.
 */
@Injectable()
export class FileAccessPolicy {
  constructor(
    private readonly repositories: RepositoryCatalog,
    private readonly auth: AuthService,
  ) {}

  async authorize(repositoryName: string, credentials: Credentials, operation: FileOperation): Promise<FileAccess> {
    const authentication = await this.auth.authenticate(credentials);
    if (authentication.kind === 'invalid') throw new UnauthenticatedError('invalid credentials');
    // A read may trust what this process remembers; a change reads the database, so it never
    // writes into a repository another process has just deleted.
    const repository = operation === 'read' ? await this.repositories.byName(repositoryName) : await this.repositories.fresh(repositoryName);
    if (authentication.kind === 'anonymous') {
      if (repository?.visibility === 'public' && operation === 'read') return { repository, principal: null };
      throw new UnauthenticatedError('credentials are required');
    }
    if (!repository) throw new RepositoryNotFoundError(repositoryName);
    const { principal } = authentication;
    if (operation !== 'read' && principal.role === 'reader') {
      throw new ForbiddenError(`${principal.username} is a reader: files can be read, not ${operation === 'write' ? 'uploaded' : 'deleted'}`);
    }
    return { repository, principal };
  }
}
