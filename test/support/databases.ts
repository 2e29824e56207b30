import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '@herald/config';

export const POSTGRES_ADMIN_URL = process.env.HERALD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  label: 'sqlite' | 'postgresql';
  /** For DATABASE_URL (PostgreSQL) or undefined (SQLite under DATA_DIR). */
  url?: string;
  config(dataDir: string): DatabaseConfig;
  drop(): Promise<void>;
}

let reachable: Promise<boolean> | null = null;

/** True when PostgreSQL answers at 127.0.0.1:5432 (as on the CI machine). */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export function sqliteDatabase(): TestDatabase {
  return {
    label: 'sqlite',
    config: (dataDir) => ({ dialect: 'sqlite', file: join(dataDir, 'herald.sqlite') }),
    drop: async () => undefined,
  };
}

/** A fresh database of its own for one test file; dropped afterwards. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    label: 'postgresql',
    url: url.toString(),
    config: () => ({ dialect: 'postgresql', url: url.toString() }),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** SQLite always, PostgreSQL when reachable: for `describe.each` over both dialects. */
export async function availableDialects(): Promise<Array<'sqlite' | 'postgresql'>> {
  return (await postgresReachable()) ? ['sqlite', 'postgresql'] : ['sqlite'];
}
