import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { readFileMetadata, type FileMetadata } from '@herald/persistence';
import { ChangeWatch } from '../common/change-watch';

/** Files remembered at most; the least recently read goes first. */
const CAPACITY = 10_000;

/**
 * The metadata of recently read files, so that repeated downloads read no database. Forgotten
 * whenever any process changes any file (the `files` counter of ChangeWatch, within a second)
 * and at once when this process does; a file not found is never remembered, so a new upload is
 * served as soon as it is committed. The bytes are never in question: metadata names its blob,
 * and a blob never changes.
 */
@Injectable()
export class FileMetadataCache {
  private readonly entries = new Map<string, FileMetadata>();
  /** Moves on each change, so a read that began before it does not store what it read. */
  private generation = 0;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    changes: ChangeWatch,
  ) {
    changes.on('files', async () => this.changed());
  }

  /** The file's metadata as remembered, or as read now; null when there is no file at the path. */
  async read(repositoryId: string, path: string): Promise<FileMetadata | null> {
    const key = `${repositoryId}/${path}`;
    const known = this.entries.get(key);
    if (known) {
      // Map order is insertion order: moved to the end, it is the most recently read.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const generation = this.generation;
    const read = await readFileMetadata(this.orm, this.config.database, repositoryId, path);
    if (read && generation === this.generation) {
      if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, read);
    }
    return read;
  }

  /** A file changed, here or in another process: forget everything read before. */
  changed(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
