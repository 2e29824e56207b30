import type { Readable } from 'node:stream';

/** What an upload's bytes are: their size and the three digests Maven clients check. */
export interface StoredObject {
  size: number;
  sha256: string;
  sha1: string;
  md5: string;
  /** BLAKE2b-256 (hex), what twine sends as `blake2_256_digest`: only when the stage asked for it. */
  blake2b256?: string;
}

export interface ExpectedChecksums {
  sha256?: string;
  sha1?: string;
  md5?: string;
}

export interface StageOptions {
  maxBytes: number;
  expected?: ExpectedChecksums;
  /** Also computes `blake2b256`, on the digest thread beside the others. */
  blake2b256?: boolean;
}

/** An inclusive byte range, as HTTP `Range` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One blob as the store lists it. */
export interface ListedBlob {
  sha256: string;
  size: number;
  modifiedAt: Date;
}

/**
 * Where file bytes live: each content once, under its SHA-256 (`blobs/sha256/ab/cd/<digest>`),
 * never changed once written. Which blob a path shows is the database's business (the
 * `stored_file` row names it), so a reader needs no lock: a blob it was pointed at stays as it is
 * until garbage collection frees it, long after no row names it.
 */
export interface BlobStore {
  /** Where the bytes are, for errors and /readyz: `file:/srv/herald/data` or `s3://bucket/prefix`. */
  readonly location: string;
  /**
   * Streams `body` into a staged upload, hashing as it goes; never holds the whole body in memory.
   * Nothing is addressed by digest until `promote`.
   */
  stage(body: Readable, options: StageOptions): Promise<StagedBlob>;
  /** Whether the blob of `sha256` is stored. */
  has(sha256: string): Promise<boolean>;
  /**
   * The blob's bytes, or a range of them: one buffer when they are small enough to read at once
   * (most of a Maven repository: POMs, checksums, metadata), a stream otherwise. `size` is the
   * blob's size as its metadata records it. Throws BlobMissingError when it is not stored.
   */
  read(sha256: string, size: number, range?: ByteRange): Promise<Buffer | Readable>;
  /** Deletes blobs; those already gone are no error. */
  delete(sha256s: string[]): Promise<void>;
  /** Blobs in digest order after `after` (exclusive), at most `limit`: the store's own listing. */
  list(after: string | null, limit: number): Promise<ListedBlob[]>;
  /** Deletes staged uploads (and unfinished multipart uploads) begun before `before`: leftovers of crashes. */
  dropStagedBefore(before: Date): Promise<number>;
  /** Throws StorageUnavailableError when the store cannot be reached: /readyz asks this. */
  check(): Promise<void>;
}

/** A fully received, verified upload, staged under a name of its own until it is promoted or discarded. */
export interface StagedBlob extends StoredObject {
  /** Stores the bytes under their digest; a no-op when they are already there. The staged copy stays until discard. */
  promote(): Promise<void>;
  /** Deletes the staged copy. Never fails. */
  discard(): Promise<void>;
}

/** The path of a blob below the store's root or prefix: `blobs/sha256/ab/cd/<digest>`. */
export function blobKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('a blob is named by a lowercase hex SHA-256');
  return `blobs/sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** Bodies up to this size are read in one piece, as one buffer, instead of streamed. */
export const WHOLE_READ_BYTES = 64 * 1024;

/** Staged uploads live under this prefix, beside the blobs. */
export const STAGED_PREFIX = 'uploads/';

export const BLOB_STORE = Symbol('BLOB_STORE');
