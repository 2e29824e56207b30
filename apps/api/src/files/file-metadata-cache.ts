import { Injectable } from '@nestjs/common';
import type { FileMetadata } from '@herald/persistence';

/** Files remembered at most; the least recently read goes first. */
const CAPACITY = 10_000;

/**
 * The metadata of recently downloaded files, each remembered with the version of the bytes it
 * describes (the file store's `OpenedObject.version`). A download that opens the same version
 * reads no database; any other version (a new upload, from any process) reads it afresh. So an
 * entry is never stale: it is either for these bytes or not used.
 */
@Injectable()
export class FileMetadataCache {
  private readonly entries = new Map<string, { version: string; metadata: FileMetadata }>();

  get(key: string, version: string): FileMetadata | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    // Map order is insertion order: moved to the end, it is the most recently read.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.metadata;
  }

  set(key: string, version: string, metadata: FileMetadata): void {
    this.entries.delete(key);
    if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { version, metadata });
  }
}
