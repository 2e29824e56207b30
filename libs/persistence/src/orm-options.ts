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
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false },
      pool: {
        // The API and the worker share the file: WAL lets readers run beside the one writer,
        // and busy_timeout makes a writer wait its turn instead of failing with SQLITE_BUSY.
        afterCreate: (connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('busy_timeout = 10000');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('foreign_keys = ON');
          beginImmediate(connection);
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
    migrations: { migrationsList: POSTGRESQL_MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false },
    pool: { min: 0, max: 10, idleTimeoutMillis: 30_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5_000 } },
  } as Options;
}

interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/**
 * Knex opens every transaction with a deferred `BEGIN;`. A deferred transaction that reads before
 * it writes fails at once with SQLITE_BUSY (busy_timeout does not help) when the other process
 * committed in between, since its snapshot is stale: uploads answered 503 under 16 concurrent
 * clients. `BEGIN IMMEDIATE` takes the write lock first, waiting its turn through busy_timeout.
 */
function beginImmediate(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  connection.prepare = (sql: string) => prepare(sql === 'BEGIN;' ? 'BEGIN IMMEDIATE;' : sql);
}
