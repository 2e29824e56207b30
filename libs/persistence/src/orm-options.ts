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
        afterCreate: (connection: { pragma(sql: string): unknown }, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('busy_timeout = 10000');
          connection.pragma('synchronous = NORMAL');
          connection.pragma('foreign_keys = ON');
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
