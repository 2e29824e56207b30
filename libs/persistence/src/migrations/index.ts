import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Initial as PostgresqlInitial } from './postgresql/Migration20261128000000Initial';
import { Migration20261128000000Initial as SqliteInitial } from './sqlite/Migration20261128000000Initial';

export const SQLITE_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261128000000Initial', class: SqliteInitial }];
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261128000000Initial', class: PostgresqlInitial }];
