import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { freeOrphanedBlobs, freeStrayBlobs, knownBlobs, markOrphanedBlobs, type BlobPage, type FreedBlobs } from '@herald/persistence';

type DeleteBytes = (sha256s: string[]) => Promise<void>;

/** The port to the blob rows (libs/persistence blob-records.ts keeps the rules and the locks). */
export interface BlobRecordStore {
  markOrphaned(after: string | null, limit: number, now: Date): Promise<BlobPage>;
  freeOrphaned(after: string | null, limit: number, markedBefore: Date, deleteBytes: DeleteBytes): Promise<FreedBlobs>;
  known(sha256s: string[]): Promise<Set<string>>;
  freeStray(strays: Array<{ sha256: string; size: number }>, deleteBytes: DeleteBytes): Promise<number>;
}

export class OrmBlobRecordStore implements BlobRecordStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly database: DatabaseConfig,
  ) {}

  markOrphaned(after: string | null, limit: number, now: Date): Promise<BlobPage> {
    return markOrphanedBlobs(this.orm, this.database, after, limit, now);
  }

  freeOrphaned(after: string | null, limit: number, markedBefore: Date, deleteBytes: DeleteBytes): Promise<FreedBlobs> {
    return freeOrphanedBlobs(this.orm, this.database, after, limit, markedBefore, deleteBytes);
  }

  known(sha256s: string[]): Promise<Set<string>> {
    return knownBlobs(this.orm, this.database, sha256s);
  }

  freeStray(strays: Array<{ sha256: string; size: number }>, deleteBytes: DeleteBytes): Promise<number> {
    return freeStrayBlobs(this.orm, this.database, strays, deleteBytes);
  }
}
