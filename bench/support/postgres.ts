import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { onCleanup } from './cleanup';

export const DEFAULT_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database for this bench run, dropped when the bench ends; its URL. */
export async function benchPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `herald_bench_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  onCleanup(() => run(`drop database if exists ${name} with (force)`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
