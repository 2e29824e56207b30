import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { parseStorage } from '@herald/config';
import { openDatabase } from '@herald/persistence';
import { blobKey, createBlobStore, type BlobStore } from '@herald/storage';
import { postgresDatabase, postgresReachable, sqliteDatabase, type TestDatabase } from '../support/databases';
import { createTestBucket, type TestBucket } from '../support/s3';
import { runMigrate } from './migrate-process';
import { buildPerPathDataDir, orphanedBlobRows, storedFileRows, type PerPathDataDir } from './per-path-data-dir';

jest.setTimeout(300_000);

const SUMMARY = /migrate: moved (\d+) files \(([\d.]+) MiB\) into (\S+) ; (\d+) already there/;
const RECOVERED = /migrate: (\d+) files recovered from leftovers/;

/** The bytes the store holds for every file but the damaged one hash to the file's digest; the damaged one has none. */
async function expectEveryFileInStore(fixture: PerPathDataDir, store: BlobStore): Promise<void> {
  const wrong: string[] = [];
  for (const file of fixture.files) {
    if (file.label === fixture.damaged.label) {
      expect(await store.has(file.sha256)).toBe(false);
      continue;
    }
    const body = await store.read(file.sha256, file.size).catch(() => null);
    if (body === null || (await sha256OfBody(body)) !== file.sha256) wrong.push(file.label);
  }
  expect(wrong).toEqual([]);
}

async function sha256OfBody(body: Buffer | Readable): Promise<string> {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(body)) return hash.update(body).digest('hex');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file below `folder`, relative to it, sorted. */
async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name))).sort();
}

async function rowsOf(fixture: PerPathDataDir): Promise<{ rows: unknown[]; orphaned: number | null }> {
  const orm = await openDatabase(fixture.database);
  try {
    const blobTable = (await orm.getMigrator().getExecutedMigrations()).some((migration) => migration.name.endsWith('Blobs'));
    return { rows: await storedFileRows(orm, fixture.database), orphaned: blobTable ? await orphanedBlobRows(orm, fixture.database) : null };
  } finally {
    await orm.close();
  }
}

/** What every finished run must leave: the bytes in the store, the rows as they were, the damaged file where it was. */
async function expectMovedExceptDamaged(fixture: PerPathDataDir, store: BlobStore, rowsBefore: unknown[]): Promise<void> {
  await expectEveryFileInStore(fixture, store);
  expect(await rowsOf(fixture)).toEqual({ rows: rowsBefore, orphaned: 0 });
  expect(await readFile(join(fixture.dataDir, 'files', fixture.damaged.label))).toEqual(fixture.damaged.bytes);
  // Nothing else of the old layout is left in place but what no row names, all of it kept.
  expect(await filesBelow(join(fixture.dataDir, 'files'))).toEqual([fixture.damaged.label, ...fixture.unreferenced.keys()].sort());
}

function expectDamagedReported(result: { code: number | null; stderr: string }, fixture: PerPathDataDir): void {
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('1 files do not match the SHA-256');
  expect(result.stderr).toContain(fixture.damaged.label);
}

/** Moved, already there and recovered together account for every file whose bytes could be found. */
function expectAccounted(stdout: string, fixture: PerPathDataDir): void {
  const [, moved, , , stored] = SUMMARY.exec(stdout) ?? [];
  const recovered = Number(RECOVERED.exec(stdout)?.[1] ?? 0);
  expect(Number(moved) + Number(stored) + recovered).toBe(fixture.files.length - 1);
}

describe('npm run migrate: a per-path data directory on SQLite, killed twice along the way', () => {
  let fixture: PerPathDataDir;
  let store: BlobStore;

  beforeAll(async () => {
    fixture = await buildPerPathDataDir(sqliteDatabase(), 3000);
    store = createBlobStore(parseStorage('file:', fixture.dataDir)!);
  });
  afterAll(() => rm(fixture.dataDir, { recursive: true, force: true }));

  it('moves every file into blobs, loses nothing to SIGKILL, keeps the damaged file and what no row names, then does nothing', async () => {
    const { rows: rowsBefore } = await rowsOf(fixture);
    const big = fixture.files.find((file) => file.label === 'releases/big/blob-9437184.tar')!;
    const bigInode = (await stat(join(fixture.dataDir, 'files', big.label))).ino;

    for (const killAt of ['migrate: 500 of', 'migrate: 1500 of']) {
      const killed = runMigrate(fixture.env, (line, child) => line.startsWith(killAt) && child.kill('SIGKILL'));
      expect((await killed.ended).signal).toBe('SIGKILL');
    }
    const halfway = await filesBelow(join(fixture.dataDir, 'blobs'));
    expect(halfway.length).toBeGreaterThan(0);
    expect(halfway.length).toBeLessThan(fixture.files.length - 400);

    const finished = await runMigrate(fixture.env).ended;
    expectDamagedReported(finished, fixture);
    expect(finished.stdout).toMatch(SUMMARY);
    expect(SUMMARY.exec(finished.stdout)![3]).toBe(`file:${fixture.dataDir}`);
    expectAccounted(finished.stdout, fixture);
    await expectMovedExceptDamaged(fixture, store, rowsBefore);
    // Linked, not copied: the blob is the old file itself.
    expect((await stat(join(fixture.dataDir, blobKey(big.sha256)))).ino).toBe(bigInode);

    // Giving the damaged file up: it is missing now, a warning; the rest is set aside whole.
    await rename(join(fixture.dataDir, 'files', fixture.damaged.label), join(fixture.dataDir, 'given-up.jar'));
    const givenUp = await runMigrate(fixture.env).ended;
    expect(givenUp.code).toBe(0);
    expect(givenUp.stderr).toContain(`warning: 1 stored files had no bytes`);
    expect(givenUp.stderr).toContain(fixture.damaged.label);
    const dataDirNames = await readdir(fixture.dataDir);
    expect(dataDirNames).not.toContain('files');
    const setAside = dataDirNames.filter((name) => name.startsWith('files.unreferenced-'));
    expect(setAside).toHaveLength(1);
    for (const [path, bytes] of fixture.unreferenced) expect(await readFile(join(fixture.dataDir, setAside[0], path))).toEqual(bytes);
    expect(await filesBelow(join(fixture.dataDir, setAside[0]))).toEqual([...fixture.unreferenced.keys()].sort());

    const everything = await filesBelow(fixture.dataDir);
    const again = await runMigrate(fixture.env).ended;
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/moving|moved/);
    expect(await filesBelow(fixture.dataDir)).toEqual(everything);
    expect((await rowsOf(fixture)).rows).toEqual(rowsBefore);
  });
});

describe('npm run migrate: a per-path data directory on PostgreSQL', () => {
  let database: TestDatabase | null = null;
  let fixture: PerPathDataDir;

  beforeAll(async () => {
    if (!(await postgresReachable())) return;
    database = await postgresDatabase();
    fixture = await buildPerPathDataDir(database, 400);
  });
  afterAll(async () => {
    await database?.drop();
    if (fixture) await rm(fixture.dataDir, { recursive: true, force: true });
  });

  it('moves every file into blobs and reports the damaged one', async () => {
    if (!database) return console.warn('PostgreSQL is not reachable: the PostgreSQL upgrade is not tested');
    const { rows: rowsBefore } = await rowsOf(fixture);
    const result = await runMigrate(fixture.env).ended;
    expectDamagedReported(result, fixture);
    expectAccounted(result.stdout, fixture);
    await expectMovedExceptDamaged(fixture, createBlobStore(parseStorage('file:', fixture.dataDir)!), rowsBefore);
  });
});

describe('npm run migrate: a per-path data directory into an S3 bucket', () => {
  let bucket: TestBucket;
  let fixture: PerPathDataDir;

  beforeAll(async () => {
    bucket = await createTestBucket({ prefix: 'herald' });
    fixture = await buildPerPathDataDir(sqliteDatabase(), 300);
  });
  afterAll(async () => {
    await bucket?.drop();
    if (fixture) await rm(fixture.dataDir, { recursive: true, force: true });
  });

  it('copies every file into the bucket, then does nothing the second time', async () => {
    const { rows: rowsBefore } = await rowsOf(fixture);
    const env = { ...fixture.env, HERALD_STORAGE: bucket.storageUrl };
    const first = await runMigrate(env).ended;
    expectDamagedReported(first, fixture);
    expectAccounted(first.stdout, fixture);
    const store = createBlobStore(parseStorage(bucket.storageUrl, fixture.dataDir)!);
    await expectMovedExceptDamaged(fixture, store, rowsBefore);
    expect(await filesBelow(join(fixture.dataDir, 'blobs'))).toEqual([]);

    const second = await runMigrate(env).ended;
    expectDamagedReported(second, fixture);
    expect(SUMMARY.exec(second.stdout)?.slice(1, 2)).toEqual(['0']);
    await expectMovedExceptDamaged(fixture, store, rowsBefore);
  });
});
