import { spawnSync } from 'node:child_process';
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

/**
 * Under HERALD_TEST_REQUIRE_POSTGRES=1 (CI), a PostgreSQL that does not answer fails the run
 * instead of leaving half of every suite unrun.
 */
function decided(answers: boolean): boolean {
  if (!answers && process.env.HERALD_TEST_REQUIRE_POSTGRES === '1') throw new Error(`HERALD_TEST_REQUIRE_POSTGRES=1, but PostgreSQL does not answer at ${new URL(POSTGRES_ADMIN_URL).host}`);
  return answers;
}

let reachable: boolean | null = null;

/**
 * True when PostgreSQL answers at 127.0.0.1:5432 (as on the CI machine). Asked once per test
 * file, synchronously (in a child process), because `describe.each` cannot wait for a promise.
 */
export function postgresAnswers(): boolean {
  reachable ??= decided(
    spawnSync(
      process.execPath,
      ['-e', "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))", POSTGRES_ADMIN_URL],
      { timeout: 10_000 },
    ).status === 0,
  );
  return reachable;
}

/** postgresAnswers, for code that awaits. */
export async function postgresReachable(): Promise<boolean> {
  return postgresAnswers();
}

/** SQLite always, PostgreSQL when it answers: for `describe.each` over both dialects. */
export function dialects(): Array<'sqlite' | 'postgresql'> {
  return postgresAnswers() ? ['sqlite', 'postgresql'] : ['sqlite'];
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

/** dialects, for code that awaits. */
export async function availableDialects(): Promise<Array<'sqlite' | 'postgresql'>> {
  return dialects();
}
