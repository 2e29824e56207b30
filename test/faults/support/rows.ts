import { Client } from 'pg';
import { waitUntil } from '../../support/timing';
import type { BuiltStack } from './built-stack';

interface SqliteFile {
  pragma(sql: string): unknown;
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
  close(): void;
}
// better-sqlite3 ships no types; this is the little of it read here.
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteFile;

/**
 * Reads the stack's tables straight from the database, behind Herald's back: the ground truth
 * an acknowledged request is checked against. `$1`-style parameters work on both dialects.
 */
export async function queryRows<T = Record<string, unknown>>(stack: BuiltStack, sql: string, params: unknown[] = []): Promise<T[]> {
  if (stack.database.url) {
    const client = new Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(`${stack.dataDir}/herald.sqlite`, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    return db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The User-Agent tags of recorded events of one repository (each names the request it came from). */
export async function recordedTags(stack: BuiltStack, repository: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ tag: string; n: number | string }>(stack, 'select actor_user_agent as tag, count(*) as n from file_event where repository = $1 group by actor_user_agent', [repository]);
  return new Map(rows.map((row) => [row.tag, Number(row.n)]));
}

/** Delivery rows by status for the events of one repository. */
export async function deliveryStatuses(stack: BuiltStack, repository: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; n: number | string }>(
    stack,
    'select d.status as status, count(*) as n from delivery d join file_event e on e.id = d.event_id where e.repository = $1 group by d.status',
    [repository],
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/**
 * Delivery rows by status once none is pending or retrying any more (or the time is up). A worker killed
 * between its POST and the recording leaves the receiver served but the row pending until the
 * attempt times out and the retry records it, so the rows settle after the receivers do.
 */
export async function settledDeliveryStatuses(stack: BuiltStack, repository: string, timeoutMs: number): Promise<Record<string, number>> {
  let statuses: Record<string, number> = {};
  await waitUntil(async () => {
    statuses = await deliveryStatuses(stack, repository);
    return !statuses.pending && !statuses.retrying;
  }, timeoutMs, 1_000);
  return statuses;
}
