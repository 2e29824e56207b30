import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { tableOf } from './raw-reads';

/** What the `change_version` counters track (triggers move them; see the ChangeVersions migration). */
export type ChangeName = 'webhooks' | 'repositories' | 'files' | 'credentials';

/** The counters as they are now: one small read, cheap enough to poll several times a second. */
export async function readChangeVersions(orm: MikroORM, database: DatabaseConfig): Promise<Map<ChangeName, string>> {
  const rows: Array<{ name: ChangeName; version: number | string }> = await orm.em.getConnection().execute(`select "name", "version" from ${tableOf(database, 'change_version')}`);
  return new Map(rows.map((row) => [row.name, String(row.version)]));
}
