import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StorageConfig } from '@herald/config';
import { blobKey, ChecksumMismatchError, type BlobStore } from '@herald/storage';

/** How an old file's bytes get into the blob store, once they are known to be the content its row names. */
export interface BlobImport {
  /** Stores the file as the blob of `sha256` if its bytes hash to it; false, and nothing stored, if they do not. */
  store(path: string, sha256: string): Promise<boolean>;
  /** Whether the file holds the bytes of `sha256`, whose blob is already stored. */
  holds(path: string, sha256: string): Promise<boolean>;
}

/** The SHA-256 of a file's bytes, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 512 * 1024 }), hash);
  return hash.digest('hex');
}

/** Any store: the bytes are copied through `stage`, which verifies them, then promoted. */
export class StreamingImport implements BlobImport {
  constructor(private readonly blobs: BlobStore) {}

  async store(path: string, sha256: string): Promise<boolean> {
    let staged;
    try {
      staged = await this.blobs.stage(createReadStream(path), { maxBytes: Number.MAX_SAFE_INTEGER, expected: { sha256 } });
    } catch (error) {
      if (error instanceof ChecksumMismatchError) return false;
      throw error;
    }
    try {
      await staged.promote();
    } finally {
      await staged.discard();
    }
    return true;
  }

  async holds(path: string, sha256: string): Promise<boolean> {
    return (await hashFile(path)) === sha256;
  }
}

/**
 * The `file:` store on the filesystem of the old files: a verified file becomes its blob by a
 * hard link, so a large data directory moves without copying a byte or needing room for a second
 * copy. The old file was synced when it was uploaded; the link is synced before the caller
 * deletes the old name. Across filesystems (EXDEV) it copies, as any store does.
 */
export class LinkingImport implements BlobImport {
  private readonly root: string;
  private crossDevice = false;

  constructor(
    root: string,
    private readonly copying: StreamingImport,
  ) {
    this.root = resolve(root);
  }

  async store(path: string, sha256: string): Promise<boolean> {
    if (this.crossDevice) return this.copying.store(path, sha256);
    if ((await hashFile(path)) !== sha256) return false;
    const target = join(this.root, blobKey(sha256));
    try {
      await mkdir(dirname(target), { recursive: true });
      await link(path, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EXDEV') {
        this.crossDevice = true;
        return this.copying.store(path, sha256);
      }
      if (code !== 'EEXIST') throw error;
    }
    await syncFolder(dirname(target));
    return true;
  }

  /** The same inode as the blob: linked by an earlier, interrupted run. */
  async holds(path: string, sha256: string): Promise<boolean> {
    const [file, blob] = await Promise.all([stat(path), stat(join(this.root, blobKey(sha256))).catch(() => null)]);
    if (blob && blob.ino === file.ino && blob.dev === file.dev) return true;
    return (await hashFile(path)) === sha256;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Links for the `file:` store, copies for S3. */
export function createBlobImport(storage: StorageConfig, blobs: BlobStore): BlobImport {
  const copying = new StreamingImport(blobs);
  return storage.kind === 'file' ? new LinkingImport(storage.root, copying) : copying;
}
