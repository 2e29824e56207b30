import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000Initial as PostgresqlInitial } from './postgresql/Migration20261128000000Initial';
import { Migration20261202000000ChangeVersions as PostgresqlChangeVersions } from './postgresql/Migration20261202000000ChangeVersions';
import { Migration20261203000000Blobs as PostgresqlBlobs } from './postgresql/Migration20261203000000Blobs';
import { Migration20261204000000PythonRepositories as PostgresqlPythonRepositories } from './postgresql/Migration20261204000000PythonRepositories';
import { Migration20261205000000ApiTokens as PostgresqlApiTokens } from './postgresql/Migration20261205000000ApiTokens';
import { Migration20261206000000Accounts as PostgresqlAccounts } from './postgresql/Migration20261206000000Accounts';
import { Migration20261128000000Initial as SqliteInitial } from './sqlite/Migration20261128000000Initial';
import { Migration20261202000000ChangeVersions as SqliteChangeVersions } from './sqlite/Migration20261202000000ChangeVersions';
import { Migration20261203000000Blobs as SqliteBlobs } from './sqlite/Migration20261203000000Blobs';
import { Migration20261204000000PythonRepositories as SqlitePythonRepositories } from './sqlite/Migration20261204000000PythonRepositories';
import { Migration20261205000000ApiTokens as SqliteApiTokens } from './sqlite/Migration20261205000000ApiTokens';
import { Migration20261206000000Accounts as SqliteAccounts } from './sqlite/Migration20261206000000Accounts';

export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Initial', class: SqliteInitial },
  { name: 'Migration20261202000000ChangeVersions', class: SqliteChangeVersions },
  { name: 'Migration20261203000000Blobs', class: SqliteBlobs },
  { name: 'Migration20261204000000PythonRepositories', class: SqlitePythonRepositories },
  { name: 'Migration20261205000000ApiTokens', class: SqliteApiTokens },
  { name: 'Migration20261206000000Accounts', class: SqliteAccounts },
];
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128000000Initial', class: PostgresqlInitial },
  { name: 'Migration20261202000000ChangeVersions', class: PostgresqlChangeVersions },
  { name: 'Migration20261203000000Blobs', class: PostgresqlBlobs },
  { name: 'Migration20261204000000PythonRepositories', class: PostgresqlPythonRepositories },
  { name: 'Migration20261205000000ApiTokens', class: PostgresqlApiTokens },
  { name: 'Migration20261206000000Accounts', class: PostgresqlAccounts },
];
