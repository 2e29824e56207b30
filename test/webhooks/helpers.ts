import { spawnSync } from 'node:child_process';
import { ArtifactRepository, User } from '@herald/persistence';
import { hashSecret } from '../../apps/api/src/auth/password-hasher';
import { POSTGRES_ADMIN_URL } from '../support/databases';
import { basicAuth, type TestStack } from '../support/stack';

/**
 * SQLite always, PostgreSQL when it answers: decided before jest collects the tests, because
 * `describe.each` cannot wait for a promise.
 */
export function dialectsForDescribe(): Array<'sqlite' | 'postgresql'> {
  const probe = spawnSync(
    process.execPath,
    ['-e', "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))", POSTGRES_ADMIN_URL],
    { timeout: 10_000 },
  );
  return probe.status === 0 ? ['sqlite', 'postgresql'] : ['sqlite'];
}

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
