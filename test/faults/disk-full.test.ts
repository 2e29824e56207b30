import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobKey } from '@herald/storage';
import { createJsonWebhook, createRepository, download, upload } from './support/admin';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { send } from './support/http';
import { report } from './support/report';
import { recordedTags } from './support/rows';

const MiB = 1024 * 1024;
const FILESYSTEM = '8m';
const REPOSITORY = 'disk';
const ARTIFACT = 'com/example/disk/1.0/disk-1.0.jar';

jest.setTimeout(180_000);

function mountTmpfs(dir: string, size: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir], { stdio: 'ignore' });
}

/** Mounting needs root (or CAP_SYS_ADMIN); decided before jest collects the tests. */
function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'herald-faults-mount-'));
  const mounted = mountTmpfs(probe, '1m');
  if (mounted) unmount(probe);
  rmSync(probe, { recursive: true, force: true });
  return mounted;
}

const mountable = canMount();
if (!mountable) process.stdout.write('[faults] 7-disk-full: skipped, this machine does not let the suite mount a tmpfs (needs root)\n');

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, relative names. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/**
 * Scenario 7: the blob store (HERALD_STORAGE=file:…) is an 8 MB tmpfs that another writer fills.
 * An upload that does not fit answers 507, the previous version stays readable byte for byte,
 * no event is recorded for it and no staged part is left behind; once space is freed, the same
 * upload succeeds.
 */
(mountable ? describe : describe.skip)('faults: disk full while uploading', () => {
  let stack: BuiltStack;
  let filesDir: string;

  beforeAll(async () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-faults-disk-'));
    filesDir = join(dataDir, 'store');
    mkdirSync(filesDir);
    if (!mountTmpfs(filesDir, FILESYSTEM)) throw new Error(`could not mount a tmpfs on ${filesDir}`);
    stack = await BuiltStack.create({ name: '7-disk-full', dialect: 'sqlite', dataDir, env: { HERALD_STORAGE: `file:${filesDir}` } });
    await stack.startApi();
    await createRepository(stack.port, REPOSITORY);
  });

  afterAll(async () => {
    await stack?.api?.stop();
    if (filesDir) unmount(filesDir);
    await stack?.stop();
  });

  it('answers 507, keeps the old version, records no event and leaves no staged part', async () => {
    const v1 = randomBytes(256 * 1024);
    const v2 = randomBytes(4 * MiB);
    const put = (path: string, body: Buffer, tag: string) => upload(stack.port, ADMIN_AUTH, REPOSITORY, path, body, `herald-faults/disk/${tag}`);

    const statuses: Record<string, number> = {};
    statuses.v1 = (await put(ARTIFACT, v1, 'v1')).status;
    // Another writer fills the store's filesystem, all but 2 MiB of it.
    const filler = join(filesDir, 'filler');
    const filled = fillDisk(filler);
    await truncate(filler, filled - 2 * MiB);
    statuses.v2WhileFull = (await put(ARTIFACT, v2, 'v2-full')).status;
    statuses.newFileWhileFull = (await put('com/example/disk/2.0/disk-2.0.jar', v2, 'new-full')).status;
    const afterFailure = await download(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, 'herald-faults/disk/get-after-507');
    const newFile = await download(stack.port, ADMIN_AUTH, REPOSITORY, 'com/example/disk/2.0/disk-2.0.jar', 'herald-faults/disk/get-new');
    const leftovers = filesUnder(filesDir).filter((name) => name.startsWith('uploads/'));
    const healthy = (await send(stack.port, 'GET', '/healthz')).status;

    unlinkSync(filler);
    statuses.v2AfterSpaceFreed = (await put(ARTIFACT, v2, 'v2-retry')).status;
    const afterRetry = await download(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, 'herald-faults/disk/get-after-retry');
    const recorded = await recordedTags(stack, REPOSITORY);

    report('7-disk-full', {
      injected: `the blob store on a ${FILESYSTEM} tmpfs, filled by another writer but for 2 MiB, then a 4 MiB new version and a 4 MiB new file`,
      statuses,
      oldVersionAfter507: afterFailure.status === 200 && sha256(afterFailure.body) === sha256(v1) ? 'intact' : 'changed',
      stagedPartsLeft: leftovers.length,
      eventsForRefusedUploads: (recorded.get('herald-faults/disk/v2-full') ?? 0) + (recorded.get('herald-faults/disk/new-full') ?? 0),
      events: Object.fromEntries(recorded),
    });

    expect(statuses).toEqual({ v1: 201, v2WhileFull: 507, newFileWhileFull: 507, v2AfterSpaceFreed: 201 });
    expect(afterFailure.status).toBe(200);
    expect(sha256(afterFailure.body)).toBe(sha256(v1));
    expect(afterFailure.headers['x-checksum-sha256']).toBe(sha256(v1));
    expect(newFile.status).toBe(404);
    expect(leftovers).toEqual([]);
    expect(healthy).toBe(200);
    expect(recorded.has('herald-faults/disk/v2-full')).toBe(false);
    expect(recorded.has('herald-faults/disk/new-full')).toBe(false);
    expect(recorded.get('herald-faults/disk/v1')).toBe(1);
    expect(recorded.get('herald-faults/disk/v2-retry')).toBe(1);
    expect(sha256(afterRetry.body)).toBe(sha256(v2));
  });
});

/** Writes 1 MiB blocks into `file` until the filesystem refuses: something else filled the disk. */
function fillDisk(file: string): number {
  const block = Buffer.alloc(1024 * 1024, 1);
  let written = 0;
  try {
    for (;;) {
      writeFileSync(file, block, { flag: 'a' });
      written += block.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return written;
}

/**
 * Scenario 7, second part: the disk that holds the SQLite database fills up (logs, another
 * program), while the files' own filesystem still has room. A download, an overwrite and a
 * delete that a webhook subscribes to cannot record their events: each answers 507, and what a
 * reader gets afterwards is still one consistent version, its bytes matching its checksums.
 */
(mountable ? describe : describe.skip)("faults: the database's disk full", () => {
  let stack: BuiltStack;
  let dataDir: string;
  let filesDir: string;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'herald-faults-dbdisk-'));
    if (!mountTmpfs(dataDir, '32m')) throw new Error(`could not mount a tmpfs on ${dataDir}`);
    filesDir = join(dataDir, 'store');
    mkdirSync(filesDir);
    if (!mountTmpfs(filesDir, '16m')) throw new Error(`could not mount a tmpfs on ${filesDir}`);
    stack = await BuiltStack.create({ name: '7-database-disk-full', dialect: 'sqlite', dataDir, env: { HERALD_STORAGE: `file:${filesDir}` } });
    await stack.startApi();
    await createRepository(stack.port, REPOSITORY);
    // Someone listens to all three, so each must be recorded (no worker runs: nothing is sent).
    await createJsonWebhook(stack.port, REPOSITORY, 'http://127.0.0.1:9/hook', ['file.uploaded', 'file.downloaded', 'file.deleted']);
  });

  afterAll(async () => {
    await stack?.api?.stop();
    if (filesDir) unmount(filesDir);
    if (dataDir) unmount(dataDir);
    await stack?.stop();
  });

  it('answers 507 to what cannot be recorded and keeps one consistent version', async () => {
    const v1 = randomBytes(64 * 1024);
    const v2 = randomBytes(64 * 1024);
    const tag = (name: string) => `herald-faults/dbdisk/${name}`;
    const statuses: Record<string, number> = {};
    statuses.v1 = (await upload(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, v1, tag('v1'))).status;

    const filler = join(dataDir, 'filler');
    const filled = fillDisk(filler);
    statuses.getWhileFull = (await download(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, tag('get-full'))).status;
    statuses.v2WhileFull = (await upload(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, v2, tag('v2-full'))).status;
    statuses.deleteWhileFull = (await send(stack.port, 'DELETE', `/repositories/${REPOSITORY}/${ARTIFACT}`, { headers: { authorization: ADMIN_AUTH, 'user-agent': tag('delete-full') } })).status;
    const v1StillStored = existsSync(join(filesDir, blobKey(sha256(v1))));
    unlinkSync(filler);

    const after = await download(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, tag('get-after'));
    statuses.getAfterSpaceFreed = after.status;
    statuses.v2AfterSpaceFreed = (await upload(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, v2, tag('v2-retry'))).status;
    const last = await download(stack.port, ADMIN_AUTH, REPOSITORY, ARTIFACT, tag('get-last'));
    const recorded = await recordedTags(stack, REPOSITORY);
    report('7-database-disk-full', {
      injected: `the 32 MiB filesystem of DATA_DIR (the SQLite database) filled with ${filled / MiB} MiB by another writer; the blob store on its own filesystem with room`,
      statuses,
      afterSpaceFreed: sha256(after.body) === sha256(v1) ? 'the old version, bytes matching its checksums' : sha256(after.body) === after.headers['x-checksum-sha256'] ? 'the new version, bytes matching its checksums' : 'bytes and checksums disagree',
      eventsForRefusedRequests: ['get-full', 'v2-full', 'delete-full'].filter((name) => recorded.has(tag(name))).length,
    });

    expect(statuses).toEqual({ v1: 201, getWhileFull: 507, v2WhileFull: 507, deleteWhileFull: 507, getAfterSpaceFreed: 200, v2AfterSpaceFreed: 201 });
    // Refused, the overwrite and the delete changed nothing: the path still names v1's blob.
    expect(v1StillStored).toBe(true);
    // Bytes and metadata agree: no new bytes under old checksums.
    expect(after.headers['x-checksum-sha256']).toBe(sha256(after.body));
    expect(sha256(after.body)).toBe(sha256(v1));
    expect(sha256(last.body)).toBe(sha256(v2));
    expect(['get-full', 'v2-full', 'delete-full'].filter((name) => recorded.has(tag(name)))).toEqual([]);
  });
});
