import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Initial as PostgresqlInitial } from './postgresql/Migration20261128000000Initial';
import { Migration20261202000000SubscriptionVersion as PostgresqlSubscriptionVersion } from './postgresql/Migration20261202000000SubscriptionVersion';
import { Migration20261128000000Initial as SqliteInitial } from './sqlite/Migration20261128000000Initial';
import { Migration20261202000000SubscriptionVersion as SqliteSubscriptionVersion } from './sqlite/Migration20261202000000SubscriptionVersion';

export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Initial', class: SqliteInitial },
  { name: 'Migration20261202000000SubscriptionVersion', class: SqliteSubscriptionVersion },
];
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Initial', class: PostgresqlInitial },
  { name: 'Migration20261202000000SubscriptionVersion', class: PostgresqlSubscriptionVersion },
];
