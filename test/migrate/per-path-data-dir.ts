import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MikroORM, RequiredEntityData } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { newId, openDatabase, StoredFile, tableOf } from '@herald/persistence';
import { digestsOf } from '../support/bodies';
import type { TestDatabase } from '../support/databases';

const MiB = 1024 * 1024;

/** The last migration before content-addressed blobs: the schema a per-path data directory has. */
const BEFORE_BLOBS = 'Migration20261202000000ChangeVersions';

export interface FixtureFile {
  label: string;
  sha256: string;
  size: number;
}

/** A data directory of the per-path layout (`files/<repository>/<path>`), its database beside it. */
export interface PerPathDataDir {
  dataDir: string;
  database: DatabaseConfig;
  /** DATA_DIR and DATABASE_URL for the migrate process. */
  env: Record<string, string>;
  /** Every stored file, as its row says. */
  files: FixtureFile[];
  /** A row whose old file's bytes were damaged after upload: `files/<label>`, these bytes. */
  damaged: { label: string; bytes: Buffer };
  /** Files no row names, relative to `files/`, with their bytes. */
  unreferenced: Map<string, Buffer>;
}

/**
 * `small` files of up to 3 KiB (a tenth of them the same content in a second repository), three
 * larger ones, and what an old data directory may hold besides: a damaged file, a replace and a
 * delete a crash interrupted (the row's bytes in a `.previous` / `.removed` leftover), an orphan
 * and a staged upload never finished.
 */
export async function buildPerPathDataDir(testDatabase: TestDatabase, small: number): Promise<PerPathDataDir> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-per-path-'));
  const database = testDatabase.config(dataDir);
  const orm = await openDatabase(database);
  try {
    await orm.getMigrator().up({ to: BEFORE_BLOBS });
    // Rows as the old schema has them: plain inserts of its columns, not today's entities.
    const em = orm.em.fork();
    const now = new Date();
    const releases = { id: newId('repo'), name: 'releases' };
    const snapshots = { id: newId('repo'), name: 'snapshots' };
    // SQLite keeps times as epoch milliseconds.
    const createdAt = database.dialect === 'sqlite' ? now.getTime() : now;
    for (const [repository, policy] of [[releases, 'release'], [snapshots, 'snapshot']] as const) {
      await em
        .getConnection()
        .execute(`insert into ${tableOf(database, 'artifact_repository')} ("id", "name", "policy", "visibility", "created_at") values (?, ?, ?, 'private', ?)`, [repository.id, repository.name, policy, createdAt], 'run');
    }
    const rows: Array<RequiredEntityData<StoredFile>> = [];
    const files: FixtureFile[] = [];
    const put = async (repository: { id: string; name: string }, path: string, bytes: Buffer, onDisk: Buffer | null = bytes) => {
      rows.push({ id: newId('file'), repository: repository.id, path, size: bytes.length, ...digestsOf(bytes), contentType: 'application/octet-stream', createdAt: now, updatedAt: now });
      files.push({ label: `${repository.name}/${path}`, sha256: sha256Of(bytes), size: bytes.length });
      if (onDisk) await writeOld(dataDir, `${repository.name}/${path}`, onDisk);
    };

    for (let i = 0; i < small; i++) {
      const bytes = randomBytes(i % 97 === 0 ? 0 : 1 + ((i * 7919) % 3072));
      const path = `com/example/lib${i % 40}/1.${i % 7}/lib-${i}.jar`;
      await put(releases, path, bytes);
      if (i % 10 === 0) await put(snapshots, path, bytes);
    }
    for (const size of [2 * MiB, 6 * MiB + 5, 9 * MiB]) await put(releases, `big/blob-${size}.tar`, randomBytes(size));

    const original = randomBytes(4096);
    const damagedBytes = Buffer.from(original);
    damagedBytes[100] ^= 0xff;
    await put(releases, 'damaged/rotten.jar', original, damagedBytes);

    const previous = randomBytes(1000);
    const replacement = randomBytes(1200);
    await put(releases, 'replaced/app.pom', previous, replacement);
    await writeOld(dataDir, 'releases/replaced/.herald-upload-0011aabb.previous', previous);
    const removed = randomBytes(700);
    await put(releases, 'removed/app.pom', removed, null);
    await writeOld(dataDir, 'releases/removed/.herald-upload-2233ccdd.removed', removed);
    for (let at = 0; at < rows.length; at += 500) await em.insertMany(StoredFile, rows.slice(at, at + 500));

    const unreferenced = new Map<string, Buffer>([
      ['releases/replaced/app.pom', replacement],
      ['releases/notes/orphan.txt', randomBytes(300)],
      ['snapshots/com/example/.herald-upload-4455eeff', randomBytes(50)],
    ]);
    for (const [path, bytes] of unreferenced) await writeOld(dataDir, path, bytes);
    return { dataDir, database, env: { DATA_DIR: dataDir, ...(testDatabase.url ? { DATABASE_URL: testDatabase.url } : {}) }, files, damaged: { label: 'releases/damaged/rotten.jar', bytes: damagedBytes }, unreferenced };
  } finally {
    await orm.close();
  }
}

/** Every stored_file row, in id order: the move must leave them exactly as they were. */
export async function storedFileRows(orm: MikroORM, database: DatabaseConfig): Promise<unknown[]> {
  return orm.em.getConnection().execute(`select * from ${tableOf(database, 'stored_file')} order by "id"`, [], 'all');
}

/** Blob rows a file points at that are still marked orphaned: none may be, or collection would free them. */
export async function orphanedBlobRows(orm: MikroORM, database: DatabaseConfig): Promise<number> {
  const row: { count: number | string } = await orm.em
    .getConnection()
    .execute(`select count(*) as "count" from ${tableOf(database, 'blob')} b where b."orphaned_at" is not null and exists (select 1 from ${tableOf(database, 'stored_file')} f where f."sha256" = b."sha256")`, [], 'get');
  return Number(row.count);
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function writeOld(dataDir: string, path: string, bytes: Buffer): Promise<void> {
  const full = join(dataDir, 'files', path);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, bytes);
}

