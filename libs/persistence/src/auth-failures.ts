import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { sqlTime } from './blob-records';
import { tableOf } from './raw-reads';

/** Failures one process counted for a key and has not written yet. */
export interface UnwrittenAuthFailures {
  key: string;
  address: string;
  username: string | null;
  failures: number;
  /** When this process counted the first of them: the window's start if the stored one has expired. */
  firstAt: Date;
}

/** A key's shared window as stored. */
export interface AuthFailureWindow {
  key: string;
  failures: number;
  windowStartedAt: Date;
}

interface WindowRow {
  key: string;
  failures: number | string;
  window_started_at: Date | number | string;
}

/** Rows per statement: five parameters each stays far below SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 200;

/**
 * Adds failures to their keys' windows in one upsert per batch, or restarts a window that began
 * `windowMs` or more before `now`; answers each key's window as stored now, so the caller sees
 * the other processes' failures too. Concurrent writers add, never overwrite.
 */
export async function addAuthFailures(tx: EntityManager, database: DatabaseConfig, unwritten: UnwrittenAuthFailures[], now: Date, windowMs: number): Promise<AuthFailureWindow[]> {
  const table = tableOf(database, 'auth_failure');
  const expired = sqlTime(database, new Date(now.getTime() - windowMs));
  const stored: AuthFailureWindow[] = [];
  for (let start = 0; start < unwritten.length; start += ROWS_PER_STATEMENT) {
    const batch = unwritten.slice(start, start + ROWS_PER_STATEMENT);
    const rows: WindowRow[] = await tx.getConnection().execute(
      `insert into ${table} ("key", "address", "username", "failures", "window_started_at") values ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       on conflict ("key") do update set
         "failures" = case when "auth_failure"."window_started_at" <= ? then excluded."failures" else "auth_failure"."failures" + excluded."failures" end,
         "window_started_at" = case when "auth_failure"."window_started_at" <= ? then excluded."window_started_at" else "auth_failure"."window_started_at" end
       returning "key", "failures", "window_started_at"`,
      [...batch.flatMap((row) => [row.key, row.address, row.username, row.failures, sqlTime(database, row.firstAt)]), expired, expired],
      'all',
      tx.getTransactionContext(),
    );
    stored.push(...rows.map(windowOf));
  }
  return stored;
}

/** Windows begun after `since` whose failures reached their limit: what every process must refuse. */
export async function readFullAuthFailureWindows(tx: EntityManager, database: DatabaseConfig, since: Date, limits: { address: number; pair: number }, max: number): Promise<AuthFailureWindow[]> {
  const rows: WindowRow[] = await tx.getConnection().execute(
    `select "key", "failures", "window_started_at" from ${tableOf(database, 'auth_failure')}
     where "window_started_at" > ? and (("username" is null and "failures" >= ?) or ("username" is not null and "failures" >= ?)) limit ?`,
    [sqlTime(database, since), limits.address, limits.pair, max],
    'all',
    tx.getTransactionContext(),
  );
  return rows.map(windowOf);
}

/** Forgets keys (a pair that signed in) and windows begun at or before `expiredAt`. */
export async function deleteAuthFailures(tx: EntityManager, database: DatabaseConfig, which: { keys: string[]; expiredAt: Date | null }): Promise<void> {
  const table = tableOf(database, 'auth_failure');
  const context = tx.getTransactionContext();
  for (let start = 0; start < which.keys.length; start += ROWS_PER_STATEMENT) {
    const batch = which.keys.slice(start, start + ROWS_PER_STATEMENT);
    await tx.getConnection().execute(`delete from ${table} where "key" in (${batch.map(() => '?').join(', ')})`, batch, 'run', context);
  }
  if (which.expiredAt) await tx.getConnection().execute(`delete from ${table} where "window_started_at" <= ?`, [sqlTime(database, which.expiredAt)], 'run', context);
}

function windowOf(row: WindowRow): AuthFailureWindow {
  return { key: row.key, failures: Number(row.failures), windowStartedAt: new Date(row.window_started_at) };
}
