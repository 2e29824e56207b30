import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { tableOf } from '@herald/persistence';

/** What the move needs of a stored file: where its bytes lived and which blob they are. */
export interface StoredFileLocation {
  id: string;
  repository: string;
  path: string;
  sha256: string;
  size: number;
}

/** One page of stored files in id order after `after`, each with its repository's name. */
export async function readStoredFilePage(orm: MikroORM, database: DatabaseConfig, after: string, limit: number): Promise<StoredFileLocation[]> {
  const rows: Array<{ id: string; repository: string; path: string; sha256: string; size: number | string }> = await orm.em.getConnection().execute(
    `select f."id", r."name" as "repository", f."path", f."sha256", f."size"
       from ${tableOf(database, 'stored_file')} f join ${tableOf(database, 'artifact_repository')} r on r."id" = f."repository_id"
      where f."id" > ? order by f."id" limit ?`,
    [after, limit],
    'all',
  );
  return rows.map((row) => ({ ...row, size: Number(row.size) }));
}

export async function countStoredFiles(orm: MikroORM, database: DatabaseConfig): Promise<number> {
  const row: { count: number | string } = await orm.em.getConnection().execute(`select count(*) as "count" from ${tableOf(database, 'stored_file')}`, [], 'get');
  return Number(row.count);
}
