import { randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, createWriteStream, fstatSync, openSync, readSync, type WriteStream } from 'node:fs';
import { access, link, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { blobKey, STAGED_PREFIX, WHOLE_READ_BYTES, type BlobStore, type ByteRange, type ListedBlob, type StagedBlob, type StageOptions } from './blob-store';
import { receiveBody } from './metered-body';
import { BlobMissingError, InsufficientStorageError, StorageUnavailableError } from './storage-errors';

/** How much one read of a download takes from the disk. */
const READ_CHUNK_BYTES = 512 * 1024;

const BLOBS = 'blobs/sha256';

/** The blob store on local disk, below one root folder (`$DATA_DIR` by default). */
export class LocalBlobStore implements BlobStore {
  readonly location: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = `file:${this.root}`;
  }

  private pathOf(sha256: string): string {
    return join(this.root, blobKey(sha256));
  }

  async stage(body: Readable, options: StageOptions): Promise<StagedBlob> {
    const folder = join(this.root, STAGED_PREFIX);
    const staging = join(folder, randomBytes(12).toString('hex'));
    let out: WriteStream | null = null;
    try {
      await mkdir(folder, { recursive: true });
      out = createWriteStream(staging, { flags: 'wx' });
      const received = await receiveBody(body, out, options);
      // An upload answered 201 survives a crash: its bytes are on the disk before any row names them.
      await sync(staging, 'file');
      return {
        ...received,
        promote: () => this.promote(staging, received.sha256),
        discard: () => rm(staging, { force: true }).catch(() => undefined),
      };
    } catch (error) {
      // A stream that fails before its file is open still creates the file once the open returns:
      // only after it has closed is there nothing left to come, and the staged file is deleted for good.
      if (out && !out.closed) await new Promise<void>((resolve) => out!.once('close', () => resolve()).destroy());
      await rm(staging, { force: true });
      throw translate(error);
    }
  }

  /** A hard link: no copy, and the blob appears whole or not at all. */
  private async promote(staging: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    try {
      await mkdir(dirname(target), { recursive: true });
      await link(staging, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      throw translate(error);
    }
    await sync(dirname(target), 'folder');
  }

  async has(sha256: string): Promise<boolean> {
    return (await stat(this.pathOf(sha256)).catch(() => null))?.isFile() ?? false;
  }

  /**
   * Opens and reads with blocking calls, as nginx does: open, fstat and a read of a small file
   * take a few microseconds each on a local disk, while each trip through libuv's thread pool
   * costs tens of microseconds of thread hand-offs. Large bodies are still streamed off the loop.
   */
  async read(sha256: string, size: number, range?: ByteRange): Promise<Buffer | Readable> {
    const path = this.pathOf(sha256);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobMissingError(sha256);
      throw error;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (end - start + 1 > WHOLE_READ_BYTES) {
      // The stream owns the descriptor from here: it closes it when done or destroyed.
      return createReadStream(path, { fd, start, end, highWaterMark: READ_CHUNK_BYTES, autoClose: true });
    }
    try {
      return readWhole(fd, start, end);
    } finally {
      closeSync(fd);
    }
  }

  async delete(sha256s: string[]): Promise<void> {
    await Promise.all(sha256s.map((sha256) => rm(this.pathOf(sha256), { force: true })));
  }

  /** Walks the two fan-out levels in order, starting where `after` lies. */
  async list(after: string | null, limit: number): Promise<ListedBlob[]> {
    const found: ListedBlob[] = [];
    const base = join(this.root, BLOBS);
    for (const first of await sortedNames(base, after?.slice(0, 2))) {
      for (const second of await sortedNames(join(base, first), first === after?.slice(0, 2) ? after.slice(2, 4) : undefined)) {
        for (const name of await sortedNames(join(base, first, second), undefined)) {
          if (after !== null && name <= after) continue;
          const info = await stat(join(base, first, second, name)).catch(() => null);
          if (info?.isFile()) found.push({ sha256: name, size: info.size, modifiedAt: info.mtime });
          if (found.length >= limit) return found;
        }
      }
    }
    return found;
  }

  async dropStagedBefore(before: Date): Promise<number> {
    const folder = join(this.root, STAGED_PREFIX);
    let dropped = 0;
    for (const name of await sortedNames(folder, undefined)) {
      const info = await stat(join(folder, name)).catch(() => null);
      if (info && info.mtime < before) {
        await rm(join(folder, name), { force: true });
        dropped += 1;
      }
    }
    return dropped;
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (error) {
      throw new StorageUnavailableError(this.location, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
    }
  }
}

/** The names in a folder, sorted, from `from` on (inclusive); none when it does not exist. */
async function sortedNames(folder: string, from: string | undefined): Promise<string[]> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => from === undefined || name >= from).sort();
}

/** Bytes `start` to `end` (inclusive) of an open file, in one buffer. */
function readWhole(fd: number, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(end - start + 1, 0));
  let filled = 0;
  while (filled < bytes.length) {
    const read = readSync(fd, bytes, filled, bytes.length - filled, start + filled);
    // Shorter than its metadata says: a blob is never written in place, so it was damaged.
    if (read === 0) throw new Error(`a blob ended after ${filled} of ${bytes.length} bytes (of ${fstatSync(fd).size} on disk)`);
    filled += read;
  }
  return bytes;
}

/** A full disk is the one disk error the API answers with its own status (507). */
function translate(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new InsufficientStorageError();
  return error;
}

/**
 * fsync a file's bytes or a folder (a link made inside it). A folder can only be opened for
 * reading; a file is opened for writing, as some systems refuse to sync a read-only descriptor.
 */
async function sync(path: string, kind: 'file' | 'folder'): Promise<void> {
  const handle = await open(path, kind === 'file' ? 'r+' : 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
