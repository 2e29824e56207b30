import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { tableOf } from './raw-reads';

/** A file below a folder, as a listing needs it. */
export interface FileBelow {
  id: string;
  path: string;
  size: number;
  updatedAt: Date;
  downloadCount: number;
  lastDownloadedAt: Date | null;
}

/** `prefix%` for LIKE, with LIKE's own wildcards in the prefix taken literally. */
function startsWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * The files whose path starts with `prefix` ('' for all of a repository's, else a folder path
 * ending in '/'): folders exist only as the paths of their files, so this is how a folder is read.
 */
export async function filesBelow(em: EntityManager, database: DatabaseConfig, repositoryId: string, prefix: string): Promise<FileBelow[]> {
  const rows: Array<{ id: string; path: string; size: number | string; updated_at: number | Date; download_count: number; last_downloaded_at: number | Date | null }> = await em
    .getConnection()
    .execute(
      `select "id", "path", "size", "updated_at", "download_count", "last_downloaded_at" from ${tableOf(database, 'stored_file')} where "repository_id" = ? and "path" like ? escape '\\'`,
      [repositoryId, startsWith(prefix)],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((row) => ({
    id: row.id,
    path: row.path,
    size: Number(row.size),
    updatedAt: new Date(row.updated_at),
    downloadCount: row.download_count,
    lastDownloadedAt: row.last_downloaded_at === null ? null : new Date(row.last_downloaded_at),
  }));
}

/** Whether files stand below `path` (not '' : the root), which makes it a folder. */
export async function isFolder(em: EntityManager, database: DatabaseConfig, repositoryId: string, path: string): Promise<boolean> {
  return anyFile(em, database, repositoryId, [], path);
}

/**
 * Whether a new file at `path` would clash with a file or folder: a file stands where one of its
 * folders would be (`a` for `a/b`), or files stand below it as below a folder (`a/b/c` for `a/b`).
 */
export async function pathClashes(em: EntityManager, database: DatabaseConfig, repositoryId: string, path: string): Promise<boolean> {
  const segments = path.split('/');
  return anyFile(em, database, repositoryId, segments.slice(0, -1).map((_, index) => segments.slice(0, index + 1).join('/')), path);
}

/** Whether a file stands at one of `paths` or below the folder `folder`. */
async function anyFile(em: EntityManager, database: DatabaseConfig, repositoryId: string, paths: string[], folder: string): Promise<boolean> {
  const at = paths.length ? `"path" in (${paths.map(() => '?').join(', ')}) or ` : '';
  const row: unknown = await em
    .getConnection()
    .execute(
      `select 1 as "found" from ${tableOf(database, 'stored_file')} where "repository_id" = ? and (${at}"path" like ? escape '\\') limit 1`,
      [repositoryId, ...paths, startsWith(`${folder}/`)],
      'get',
      em.getTransactionContext(),
    );
  return row !== undefined && row !== null;
}
