import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One content in the blob store, named by its SHA-256; `stored_file.sha256` is the pointer from a
 * path to it. The row is also the blob's lock: an upload claims it before storing the bytes, and
 * garbage collection deletes bytes only in the transaction that deletes the row (see blob-records.ts).
 */
@Entity({ tableName: 'blob' })
export class Blob {
  @PrimaryKey({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'bigint', runtimeType: 'number' })
  size!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Since when no file is known to point at it (null: one does); collected a grace period later. */
  @Index()
  @Property({ type: 'datetime', nullable: true })
  orphanedAt: Date | null = null;
}
