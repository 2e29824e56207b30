import type { Readable } from 'node:stream';

export interface StoredObject {
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
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

export interface FolderEntry {
  name: string;
  folder: boolean;
  size: number;
  modifiedAt: Date;
}

/** An inclusive byte range, as HTTP `Range` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The file store: where file bytes live. Keys are `{repository}/{path}`, already checked safe.
 * A put is atomic: readers see the old object or the whole new one.
 */
export interface FileStore {
  /** Streams `body` into a staged object, hashing as it goes. Nothing is visible until commit. */
  stage(key: string, body: Readable, options: PutOptions): Promise<StagedObject>;
  /**
   * Opens the object as it is now; a later commit or remove does not change what the opened
   * object reads. Null when there is no object at `key`.
   */
  open(key: string): Promise<OpenedObject | null>;
  /** Lists the direct children of a folder key ('' is the root); null when it is not a folder. */
  list(prefix: string): Promise<FolderEntry[] | null>;
  /** Takes the object away, undoably (see PendingChange); null when there is no object at `key`. */
  remove(key: string): Promise<PendingChange | null>;
  /** Removes a folder key and everything below it; nothing when it does not exist. */
  removeFolder(prefix: string): Promise<void>;
}

/** A fully written, verified object waiting to be made visible (or discarded). */
export interface StagedObject extends StoredObject {
  /** Puts the object in place; the one it replaces is kept aside until the change is kept or undone. */
  commit(): Promise<PendingChange>;
  discard(): Promise<void>;
}

/**
 * A change on disk made inside a database transaction, before the transaction commits: kept
 * once it committed, undone when it failed, so the disk and the database agree either way.
 */
export interface PendingChange {
  /** The transaction committed: drop what was kept aside. Never fails. */
  keep(): Promise<void>;
  /** The transaction failed: put back what was there before. */
  undo(): Promise<void>;
}

/** An object held open for reading: call `body` once, or `close` when no body is sent. */
export interface OpenedObject {
  size: number;
  modifiedAt: Date;
  /** Names these exact bytes: another object ever stored at the same key has another version. */
  version: string;
  /**
   * The bytes, or the range of them: one buffer when they are small enough to read at once
   * (most of a Maven repository: POMs, checksums, metadata), a stream otherwise. Either way the
   * object is released once they are read.
   */
  body(range?: ByteRange): Promise<Buffer | Readable>;
  close(): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');
