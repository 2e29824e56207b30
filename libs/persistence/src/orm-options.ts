import type { Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseConfig } from '@herald/config';
import { ENTITIES } from './entities';
import { POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';

/** The MikroORM options of one dialect; migrations are listed in code, so ts and js builds agree. */
export function ormOptions(database: DatabaseConfig): Options {
  const common = {
    entities: ENTITIES,
    discovery: { warnWhenNoEntities: true },
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
  } satisfies Options;

  if (database.dialect === 'sqlite') {
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName: database.file,
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
      pool: {
        // The API and the worker share the file: WAL lets readers run beside the one writer.
        // Waiting for the writer's lock happens asynchronously (see waitForLockAsync), never
        // inside SQLite, whose busy wait would freeze this process's event loop.
        afterCreate: (connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma(`busy_timeout = ${SYNC_BUSY_WAIT_MS}`);
          connection.pragma('synchronous = NORMAL');
          connection.pragma('foreign_keys = ON');
          waitForLockAsync(connection);
          done(null, connection);
        },
      },
    } as Options;
  }

  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    schema: database.schema,
    migrations: { migrationsList: POSTGRESQL_MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5_000 } },
  } as Options;
}

interface SqliteStatement {
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown;
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

/** How long SQLite itself may spin for a lock, blocking the event loop: a few milliseconds. */
const SYNC_BUSY_WAIT_MS = 5;
/** How long a statement keeps asking for the lock, asynchronously, before SQLITE_BUSY surfaces. */
const ASYNC_BUSY_WAIT_MS = 15_000;

/**
 * Two things about SQLite shared by two processes (or the API and worker of one test process):
 *
 * - Knex opens every transaction with a deferred `BEGIN;`. A deferred transaction that reads
 *   before it writes fails at once with SQLITE_BUSY when the other connection committed in
 *   between (its snapshot is stale): uploads answered 503 under 16 concurrent clients. So every
 *   transaction starts with `BEGIN IMMEDIATE`, taking the write lock first.
 * - better-sqlite3 is synchronous: with a long busy_timeout, a connection waiting for the lock
 *   freezes its whole process, including the holder of the lock when both live in one process.
 *   So SQLite waits only a few ms, and a statement that can safely be tried again (BEGIN, or any
 *   statement outside a transaction) is retried after an asynchronous pause.
 */
function waitForLockAsync(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  connection.prepare = (sql: string) => {
    const begins = sql === 'BEGIN;';
    const statement = prepare(begins ? 'BEGIN IMMEDIATE;' : sql);
    const retried = (method: 'run' | 'all') => (...args: unknown[]) => {
      if (connection.inTransaction && !begins) return statement[method](...args);
      return retryWhileBusy(() => statement[method](...args));
    };
    return new Proxy(statement, {
      get(target, property, receiver) {
        if (property === 'run' || property === 'all') return retried(property);
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

async function retryWhileBusy<T>(attempt: () => T): Promise<T> {
  const deadline = Date.now() + ASYNC_BUSY_WAIT_MS;
  let pause = 2;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
    }
  }
}
