import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { tableOf } from './raw-reads';

/**
 * The blob table's rules, in one place. A `blob` row is its content's lock between uploads and
 * garbage collection:
 *
 * - an upload `claimBlob`s the row (its own short transaction) before it stores the bytes, then
 *   points its file at the blob and `adoptBlob`s it in the transaction that makes the file visible;
 * - collection deletes bytes only inside the transaction that deletes the row, and only of a
 *   blob nobody has adopted or claimed for a whole grace period.
 *
 * So a claim either comes after a collection (the row is gone: the upload stores the bytes
 * afresh) or before it (the claim refreshed `orphaned_at`: the collection passes the blob by).
 */

/** A time as raw SQL binds it: epoch milliseconds on SQLite (as MikroORM stores datetimes there), a Date on PostgreSQL. */
export function sqlTime(database: DatabaseConfig, time: Date): Date | number {
  return database.dialect === 'sqlite' ? time.getTime() : time;
}

/**
 * Claims the blob of an upload before its bytes are stored: a new row is orphaned from now (an
 * upload that then fails leaves it to collection); an orphaned one is orphaned afresh, so no
 * collection frees it while the upload runs; an adopted one stays adopted.
 */
export async function claimBlob(orm: MikroORM, database: DatabaseConfig, blob: { sha256: string; size: number }, now: Date): Promise<void> {
  const at = sqlTime(database, now);
  await orm.em.getConnection().execute(
    `insert into ${tableOf(database, 'blob')} ("sha256", "size", "created_at", "orphaned_at") values (?, ?, ?, ?)
     on conflict ("sha256") do update set "orphaned_at" = case when "blob"."orphaned_at" is null then null else excluded."orphaned_at" end`,
    [blob.sha256, blob.size, at, at],
    'run',
  );
}

/** In the transaction that points a file at the blob: the blob is no longer an orphan. */
export async function adoptBlob(tx: EntityManager, database: DatabaseConfig, sha256: string): Promise<void> {
  await tx.getConnection().execute(`update ${tableOf(database, 'blob')} set "orphaned_at" = null where "sha256" = ? and "orphaned_at" is not null`, [sha256], 'run', tx.getTransactionContext());
}

/** No file points at the blob. */
const UNREFERENCED = (database: DatabaseConfig) => `not exists (select 1 from ${tableOf(database, 'stored_file')} f where f."sha256" = "blob"."sha256")`;

export interface BlobPage {
  /** The last digest looked at: where the next page starts; null when this page was the last. */
  next: string | null;
  count: number;
}

/**
 * One page of marking, in digest order after `after`: a blob no file points at is orphaned from
 * `now` (the grace period runs from here), one that a file points at again is orphaned no more.
 */
export async function markOrphanedBlobs(orm: MikroORM, database: DatabaseConfig, after: string | null, limit: number, now: Date): Promise<BlobPage> {
  const blob = tableOf(database, 'blob');
  const connection = orm.em.getConnection();
  const rows: Array<{ sha256: string }> = await connection.execute(`select "sha256" from ${blob} where "sha256" > ? order by "sha256" limit ?`, [after ?? '', limit], 'all');
  if (rows.length === 0) return { next: null, count: 0 };
  const page = rows.map((row) => row.sha256);
  const within = `"sha256" >= ? and "sha256" <= ?`;
  const bounds = [page[0], page[page.length - 1]];
  const marked = await connection.execute(`update ${blob} set "orphaned_at" = ? where ${within} and "orphaned_at" is null and ${UNREFERENCED(database)}`, [sqlTime(database, now), ...bounds], 'run');
  await connection.execute(`update ${blob} set "orphaned_at" = null where ${within} and "orphaned_at" is not null and not ${UNREFERENCED(database)}`, bounds, 'run');
  return { next: rows.length < limit ? null : page[page.length - 1], count: affected(marked) };
}

export interface FreedBlobs extends BlobPage {
  bytes: number;
}

/**
 * Frees one page of blobs orphaned before `cutoff`, in digest order after `after`: each row is
 * deleted, then `deleteBytes` runs on the deleted ones inside the same transaction. A claim of one
 * of them waits for that transaction; should deleting the bytes fail, the rows come back.
 */
export async function freeOrphanedBlobs(
  orm: MikroORM,
  database: DatabaseConfig,
  after: string | null,
  limit: number,
  cutoff: Date,
  deleteBytes: (sha256s: string[]) => Promise<void>,
): Promise<FreedBlobs> {
  const blob = tableOf(database, 'blob');
  const candidates: Array<{ sha256: string }> = await orm.em
    .getConnection()
    .execute(`select "sha256" from ${blob} where "sha256" > ? and "orphaned_at" < ? order by "sha256" limit ?`, [after ?? '', sqlTime(database, cutoff), limit], 'all');
  if (candidates.length === 0) return { next: null, count: 0, bytes: 0 };
  const page = candidates.map((row) => row.sha256);
  const freed = await orm.em.fork().transactional(async (tx) => {
    const deleted: Array<{ sha256: string; size: number | string }> = await tx
      .getConnection()
      .execute(
        `delete from ${blob} where "sha256" in (${page.map(() => '?').join(', ')}) and "orphaned_at" < ? and ${UNREFERENCED(database)} returning "sha256", "size"`,
        [...page, sqlTime(database, cutoff)],
        'all',
        tx.getTransactionContext(),
      );
    if (deleted.length > 0) await deleteBytes(deleted.map((row) => row.sha256));
    return deleted;
  });
  return {
    next: candidates.length < limit ? null : page[page.length - 1],
    count: freed.length,
    bytes: freed.reduce((sum, row) => sum + Number(row.size), 0),
  };
}

/**
 * Frees bytes in the store that no blob row names (left by a restore, or by hand), under the
 * same lock: a row is inserted for the time of the deletion, so a claim of the same content waits
 * and then stores the bytes afresh. Only digests still without a row are deleted.
 */
export async function freeStrayBlobs(orm: MikroORM, database: DatabaseConfig, strays: Array<{ sha256: string; size: number }>, deleteBytes: (sha256s: string[]) => Promise<void>): Promise<number> {
  if (strays.length === 0) return 0;
  const blob = tableOf(database, 'blob');
  return orm.em.fork().transactional(async (tx) => {
    const locked: string[] = [];
    for (const stray of strays) {
      const inserted = await tx
        .getConnection()
        .execute(
          `insert into ${blob} ("sha256", "size", "created_at", "orphaned_at") values (?, ?, ?, ?) on conflict ("sha256") do nothing`,
          [stray.sha256, stray.size, sqlTime(database, new Date(0)), sqlTime(database, new Date(0))],
          'run',
          tx.getTransactionContext(),
        );
      if (affected(inserted) === 1) locked.push(stray.sha256);
    }
    if (locked.length === 0) return 0;
    await deleteBytes(locked);
    await tx.getConnection().execute(`delete from ${blob} where "sha256" in (${locked.map(() => '?').join(', ')})`, locked, 'run', tx.getTransactionContext());
    return locked.length;
  });
}

/** Which of these digests have a blob row. */
export async function knownBlobs(orm: MikroORM, database: DatabaseConfig, sha256s: string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const rows: Array<{ sha256: string }> = await orm.em
    .getConnection()
    .execute(`select "sha256" from ${tableOf(database, 'blob')} where "sha256" in (${sha256s.map(() => '?').join(', ')})`, sha256s, 'all');
  return new Set(rows.map((row) => row.sha256));
}

/** Rows a 'run' statement changed: better-sqlite3 says `changes`, pg via knex `rowCount`, MikroORM `affectedRows`. */
function affected(result: unknown): number {
  const value = result as { affectedRows?: number; changes?: number; rowCount?: number };
  return value.affectedRows ?? value.changes ?? value.rowCount ?? 0;
}
