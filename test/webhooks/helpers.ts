import { ArtifactRepository, User } from '@herald/persistence';
import { hashSecret } from '../../apps/api/src/auth/password-hasher';
import { basicAuth } from '../support/credentials';
import type { TestStack } from '../support/stack';

export { dialects as dialectsForDescribe } from '../support/databases';

export async function createRepositories(stack: TestStack, ...names: string[]): Promise<void> {
  const em = stack.orm.em.fork();
  for (const name of names) em.create(ArtifactRepository, { name });
  await em.flush();
}

/** A user of another role, made in the database directly; returns its Basic credentials. */
export async function createUser(stack: TestStack, username: string, role: 'deployer' | 'reader', password = 'deployer-password-1'): Promise<string> {
  const em = stack.orm.em.fork();
  em.create(User, { username, role, passwordHash: await hashSecret(password) });
  await em.flush();
  return basicAuth(username, password);
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[] | string;
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
