import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStore, ObjectStat, PutOptions, StagedObject } from './file-store';
import { ChecksumMismatchError, InsufficientStorageError, UploadTooLargeError } from './storage-errors';

const STAGING_PREFIX = '.herald-upload-';

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
    await mkdir(dirname(target), { recursive: true });
    // Staged in the destination folder so the final rename never crosses a filesystem.
    const staging = join(dirname(target), `${STAGING_PREFIX}${randomBytes(8).toString('hex')}`);
    const sha256 = createHash('sha256');
    const sha1 = createHash('sha1');
    const md5 = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new UploadTooLargeError(options.maxBytes));
        sha256.update(chunk);
        sha1.update(chunk);
        md5.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      const out = createWriteStream(staging, { flags: 'wx' });
      await pipeline(body, meter, out);
      const handle = await open(staging, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await rm(staging, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new InsufficientStorageError();
      throw error;
    }

    const digests = { sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), md5: md5.digest('hex') };
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
        await rename(staging, target);
        await syncFolder(dirname(target));
      },
      discard: async () => {
        await rm(staging, { force: true });
      },
    };
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(key), range);
  }

  async stat(key: string): Promise<ObjectStat | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size, modifiedAt: info.mtime } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw error;
    }
  }

  async list(prefix: string) {
    const folder = prefix === '' ? this.root : this.pathOf(prefix);
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      const visible = entries.filter((entry) => !entry.name.startsWith(STAGING_PREFIX));
      return Promise.all(
        visible.map(async (entry) => {
          const info = await stat(join(folder, entry.name));
          return { name: entry.name, folder: entry.isDirectory(), size: entry.isDirectory() ? 0 : info.size, modifiedAt: info.mtime };
        }),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw error;
    }
  }

  async remove(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}

/** fsync a folder so a rename inside it survives a crash. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
