import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { finished, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BatchedDigest } from './batched-digest';
import type { ByteRange, FileStore, FolderEntry, OpenedObject, PendingChange, PutOptions, StagedObject } from './file-store';
import { ChecksumMismatchError, InsufficientStorageError, PathConflictError, UploadAbortedError, UploadTooLargeError } from './storage-errors';

/** Staged uploads live beside their destination under this prefix; listings hide them. */
export const STAGING_PREFIX = '.herald-upload-';

/** How much one read of a download takes from the disk. */
const READ_CHUNK_BYTES = 512 * 1024;

/** Bodies up to this size are read in one piece, as one buffer, instead of streamed. */
export const WHOLE_READ_BYTES = 64 * 1024;

/** The file store on local disk, below one root folder. */
export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Resolves a key inside the root; anything that would leave it is refused. */
  private pathOf(key: string): string {
    const full = resolve(this.root, key);
    const rel = relative(this.root, full);
    if (rel === '' || rel.startsWith('..') || rel.includes(`${sep}..${sep}`) || resolve(this.root, rel) !== full) {
      throw new Error('key escapes the store root');
    }
    return full;
  }

  async stage(key: string, body: Readable, options: PutOptions): Promise<StagedObject> {
    const target = this.pathOf(key);
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (error) {
      throw translate(error, key);
    }
    // Staged in the destination folder so the final rename never crosses a filesystem.
    const staging = join(dirname(target), `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`);
    // Hashed on the digest thread while this one goes on reading and writing.
    const hashes = new BatchedDigest(['sha256', 'sha1', 'md5'] as const);
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new UploadTooLargeError(options.maxBytes));
        const caughtUp = hashes.update(chunk);
        if (!caughtUp) return callback(null, chunk);
        caughtUp.then(() => callback(null, chunk), callback);
      },
    });
    let digests: Record<'sha256' | 'sha1' | 'md5', string>;
    try {
      await writeBody(body, meter, createWriteStream(staging, { flags: 'wx' }));
      [digests] = await Promise.all([hashes.digest(), sync(staging, 'file')]);
    } catch (error) {
      hashes.discard();
      await rm(staging, { force: true });
      if (!body.readableEnded && isPrematureEnd(error)) throw new UploadAbortedError();
      throw translate(error, key);
    }

    for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
      const expected = options.expected?.[algorithm];
      if (expected && expected.trim().toLowerCase() !== digests[algorithm]) {
        await rm(staging, { force: true });
        throw new ChecksumMismatchError(algorithm);
      }
    }

    return {
      size,
      ...digests,
      commit: async () => {
        // The version being replaced stays reachable (a hard link, no copy) until the change is kept.
        const previous = `${staging}.previous`;
        let replaced = false;
        try {
          if ((await stat(target).catch(() => null))?.isFile()) {
            await link(target, previous);
            replaced = true;
          }
          await rename(staging, target);
        } catch (error) {
          await Promise.all([rm(staging, { force: true }), rm(previous, { force: true })]);
          throw translate(error, key);
        }
        await sync(dirname(target), 'folder');
        return {
          keep: () => rm(previous, { force: true }).catch(() => undefined),
          undo: async () => {
            if (replaced) await rename(previous, target);
            else await rm(target, { force: true });
            await sync(dirname(target), 'folder');
          },
        };
      },
      discard: async () => {
        await rm(staging, { force: true });
      },
    };
  }

  /**
   * Opens a file with blocking calls, as nginx does: open, fstat and a read of a small file take
   * a few microseconds each on a local disk, while each trip through libuv's thread pool costs
   * tens of microseconds of thread hand-offs; a 2 KiB download made four of them (a third of its
   * CPU). Large bodies are still streamed off the event loop.
   */
  async open(key: string): Promise<OpenedObject | null> {
    const path = this.pathOf(key);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    let info: Stats;
    try {
      info = fstatSync(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    if (!info.isFile()) {
      closeSync(fd);
      return null;
    }
    let held = true;
    const release = () => {
      if (held) closeSync(fd);
      held = false;
    };
    return {
      size: info.size,
      modifiedAt: info.mtime,
      // A new version is a new file renamed into place: a new inode.
      version: `${info.ino}:${info.size}:${info.mtimeMs}`,
      body: async (range?: ByteRange) => {
        const start = range?.start ?? 0;
        const end = range?.end ?? info.size - 1;
        if (end - start + 1 <= WHOLE_READ_BYTES) {
          try {
            return readWhole(fd, start, end);
          } finally {
            release();
          }
        }
        // The stream owns the descriptor from here: it closes it when done or destroyed.
        // Reads of 512 KiB: a 1 GiB download in 2 048 reads instead of 16 384 of 64 KiB.
        held = false;
        return createReadStream(path, { fd, start, end, highWaterMark: READ_CHUNK_BYTES, autoClose: true });
      },
      close: async () => release(),
    };
  }

  async list(prefix: string): Promise<FolderEntry[] | null> {
    const folder = prefix === '' ? this.root : this.pathOf(prefix);
    let names: string[];
    try {
      names = (await readdir(folder)).filter((name) => !name.startsWith(STAGING_PREFIX));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    const entries = await Promise.all(
      names.map(async (name): Promise<FolderEntry | null> => {
        try {
          const info = await stat(join(folder, name));
          return { name, folder: info.isDirectory(), size: info.isDirectory() ? 0 : info.size, modifiedAt: info.mtime };
        } catch (error) {
          // Removed between readdir and stat: it is simply no longer there.
          if (isMissing(error)) return null;
          throw error;
        }
      }),
    );
    return entries.filter((entry): entry is FolderEntry => entry !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  async remove(key: string): Promise<PendingChange | null> {
    const target = this.pathOf(key);
    if (!(await stat(target).catch(() => null))?.isFile()) return null;
    // Moved aside under the staging prefix (hidden from listings and URLs) until the change is kept.
    const aside = join(dirname(target), `${STAGING_PREFIX}${randomBytes(8).toString('hex')}.removed`);
    try {
      await rename(target, aside);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return {
      keep: () => rm(aside, { force: true }).catch(() => undefined),
      undo: () => rename(aside, target),
    };
  }

  async removeFolder(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }
}

/**
 * Pipes `body` through `meter` into `out`. Unlike `pipeline(body, …)`, a failure on the disk side
 * leaves `body` alive: when it is an HTTP request, the caller can still answer 413 or 507.
 */
async function writeBody(body: Readable, meter: Transform, out: Writable): Promise<void> {
  const written = pipeline(meter, out);
  const stopWatching = finished(body, { writable: false }, (error) => {
    if (error) meter.destroy(error);
  });
  body.pipe(meter);
  try {
    await written;
  } finally {
    stopWatching();
    body.unpipe(meter);
  }
}

/** Bytes `start` to `end` (inclusive) of an open file, in one buffer. */
function readWhole(fd: number, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(end - start + 1, 0));
  let filled = 0;
  while (filled < bytes.length) {
    const read = readSync(fd, bytes, filled, bytes.length - filled, start + filled);
    // The file is shorter than its stat said: it cannot be, a version is never written in place.
    if (read === 0) throw new Error(`a stored file ended after ${filled} of ${bytes.length} bytes`);
    filled += read;
  }
  return bytes;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** The body stream failed because its connection closed early, not because of the disk. */
function isPrematureEnd(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted';
}

/** Disk errors become the typed errors the API maps: full disk 507, file/folder clash 409. */
function translate(error: unknown, key: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new InsufficientStorageError();
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') return new PathConflictError(key);
  return error;
}

/**
 * fsync a file's bytes (an upload answered 201 survives a crash) or a folder (a rename inside it
 * does). A folder can only be opened for reading; a file is opened for writing, as some systems
 * refuse to sync a read-only descriptor.
 */
async function sync(path: string, kind: 'file' | 'folder'): Promise<void> {
  const handle = await open(path, kind === 'file' ? 'r+' : 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
