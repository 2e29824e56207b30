import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../common/domain-errors';
import { errorHeaders } from '../common/http-exception.filter';
import type { AuthService } from '../auth/auth.service';
import type { Authentication } from '../auth/principal';
import type { RepositoryCatalog, RepositoryFacts } from '../repositories/repository-catalog';
import { FileAccessPolicy, type FileOperation } from './file-access';

const PRIVATE = { name: 'private-repo', visibility: 'private' } as RepositoryFacts;
const PUBLIC = { name: 'public-repo', visibility: 'public' } as RepositoryFacts;

function policy(authentication: Authentication): FileAccessPolicy {
  const repositories: Record<string, RepositoryFacts> = { [PRIVATE.name]: PRIVATE, [PUBLIC.name]: PUBLIC };
  const lookUp = async (name: string) => repositories[name] ?? null;
  const catalog = { byName: lookUp, fresh: lookUp } as unknown as RepositoryCatalog;
  const auth = { authenticate: async () => authentication } as unknown as AuthService;
  return new FileAccessPolicy(catalog, auth);
}

const as = (role: 'admin' | 'deployer' | 'reader'): Authentication => ({ kind: 'authenticated', principal: { username: role, role } });

async function outcome(authentication: Authentication, repository: string, operation: FileOperation): Promise<string> {
  try {
    const access = await policy(authentication).authorize(repository, { authorization: 'header', address: '127.0.0.1' }, operation);
    return access.principal ? `allowed as ${access.principal.username}` : 'allowed anonymously';
  } catch (error) {
    if (error instanceof UnauthenticatedError) return `401 ${errorHeaders(error)['WWW-Authenticate']}`;
    if (error instanceof ForbiddenError) return '403';
    if (error instanceof NotFoundError) return '404';
    throw error;
  }
}

describe('FileAccessPolicy', () => {
  it.each([
    [as('admin'), 'private-repo', 'delete', 'allowed as admin'],
    [as('deployer'), 'private-repo', 'write', 'allowed as deployer'],
    [as('deployer'), 'private-repo', 'delete', 'allowed as deployer'],
    [as('reader'), 'private-repo', 'read', 'allowed as reader'],
    [as('reader'), 'private-repo', 'write', '403'],
    [as('reader'), 'public-repo', 'delete', '403'],
    [as('deployer'), 'missing', 'read', '404'],
    [{ kind: 'anonymous' }, 'public-repo', 'read', 'allowed anonymously'],
    [{ kind: 'anonymous' }, 'public-repo', 'write', '401 Basic realm="Herald"'],
    [{ kind: 'anonymous' }, 'private-repo', 'read', '401 Basic realm="Herald"'],
    [{ kind: 'anonymous' }, 'missing', 'read', '401 Basic realm="Herald"'],
    [{ kind: 'invalid' }, 'public-repo', 'read', '401 Basic realm="Herald"'],
  ] as Array<[Authentication, string, FileOperation, string]>)('%j on %s to %s: %s', async (authentication, repository, operation, expected) => {
    expect(await outcome(authentication, repository, operation)).toBe(expected);
  });
});
