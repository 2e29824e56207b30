import { ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { ArtifactRepository } from '@herald/persistence';
import type { AuthService } from '../auth/auth.service';
import type { Authentication } from '../auth/principal';
import { FileAccessPolicy, type FileOperation } from './file-access';

const PRIVATE = { name: 'private-repo', visibility: 'private' } as ArtifactRepository;
const PUBLIC = { name: 'public-repo', visibility: 'public' } as ArtifactRepository;

function policy(authentication: Authentication): FileAccessPolicy {
  const repositories: Record<string, ArtifactRepository> = { [PRIVATE.name]: PRIVATE, [PUBLIC.name]: PUBLIC };
  const orm = { em: { fork: () => ({ findOne: async (_entity: unknown, where: { name: string }) => repositories[where.name] ?? null }) } } as unknown as MikroORM;
  const auth = { authenticate: async () => authentication } as unknown as AuthService;
  return new FileAccessPolicy(orm, auth);
}

const as = (role: 'admin' | 'deployer' | 'reader'): Authentication => ({ kind: 'authenticated', principal: { username: role, role } });

async function outcome(authentication: Authentication, repository: string, operation: FileOperation): Promise<string> {
  const headers: Record<string, string> = {};
  try {
    const access = await policy(authentication).authorize(repository, 'header', operation, { setHeader: (name, value) => (headers[name] = value) });
    return access.principal ? `allowed as ${access.principal.username}` : 'allowed anonymously';
  } catch (error) {
    if (error instanceof UnauthorizedException) return `401 ${headers['WWW-Authenticate']}`;
    if (error instanceof ForbiddenException) return '403';
    if (error instanceof NotFoundException) return '404';
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
