import type { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
}

export interface ObjectStat {
  size: number;
  modifiedAt: Date;
}

export interface ExpectedChecksums {
  sha256?: string;
  sha1?: string;
  md5?: string;
}

export interface PutOptions {
  maxBytes: number;
  expected?: ExpectedChecksums;
}

/**
 * The file store: where file bytes live. Keys are `{repository}/{path}`, already checked safe.
 * A put is atomic: readers see the old object or the whole new one.
 */
export interface FileStore {
  /** Streams `body` into a staged object, hashing as it goes. Nothing is visible until commit. */
  stage(key: string, body: Readable, options: PutOptions): Promise<StagedObject>;
  read(key: string, range?: { start: number; end: number }): Readable;
  stat(key: string): Promise<ObjectStat | null>;
  /** Lists the direct children of a folder key; null when it is not a folder. */
  list(prefix: string): Promise<Array<{ name: string; folder: boolean; size: number; modifiedAt: Date }> | null>;
  remove(key: string): Promise<boolean>;
}

/** A fully written, verified object waiting to be made visible (or discarded). */
export interface StagedObject extends StoredObject {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');
