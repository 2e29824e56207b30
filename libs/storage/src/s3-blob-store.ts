import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { blobKey, STAGED_PREFIX, WHOLE_READ_BYTES, type BlobStore, type ByteRange, type ListedBlob, type StagedBlob, type StageOptions, type StoredObject } from './blob-store';
import { receiveBody } from './metered-body';
import { createS3Client, type S3StorageConfig } from './s3-client';
import { isNotFound, storageFailure } from './s3-failure';
import { copyInParts } from './s3-multipart-copy';
import { ObjectUpload } from './s3-object-upload';
import { BlobMissingError, StorageUnavailableError } from './storage-errors';

/** How promote copies a blob into place; a test lowers the limit to reach the multipart path. */
export interface BlobCopyTuning {
  /** Larger objects are copied in parts: S3's CopyObject takes at most 5 GiB. */
  singleCopyLimit: number;
  partBytes: number;
  partsInParallel: number;
}

const DEFAULT_COPY: BlobCopyTuning = { singleCopyLimit: 5 * 1024 ** 3, partBytes: 256 * 1024 ** 2, partsInParallel: 8 };

/** S3's most keys in one DeleteObjects or ListObjectsV2. */
const BATCH = 1000;

/**
 * The blob store in an S3-compatible bucket, below a prefix. An upload goes to
 * `<prefix>uploads/<random>` as a multipart upload, hashed on the way; promote copies it inside
 * the store to `<prefix>blobs/sha256/ab/cd/<digest>`. Every failure of the store itself surfaces
 * as StorageUnavailableError naming `s3://bucket/prefix`, never a credential.
 */
export class S3BlobStore implements BlobStore {
  readonly location: string;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    config: S3StorageConfig,
    private readonly copy: BlobCopyTuning = DEFAULT_COPY,
    private readonly client: S3Client = createS3Client(config),
  ) {
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.location = `s3://${config.bucket}${config.prefix ? `/${config.prefix.replace(/\/$/, '')}` : ''}`;
  }

  async stage(body: Readable, options: StageOptions): Promise<StagedBlob> {
    const key = `${this.prefix}${STAGED_PREFIX}${randomBytes(16).toString('hex')}`;
    const upload = new ObjectUpload(this.client, this.bucket, key, options.maxBytes);
    let stored: StoredObject;
    try {
      stored = await receiveBody(body, upload, options);
    } catch (error) {
      // Given up (the multipart upload aborted) or complete but refused (a checksum mismatch):
      // either way nothing of it may stay.
      await upload.settled;
      await this.deleteQuietly(key);
      throw storageFailure(this.location, error);
    }
    return { ...stored, promote: () => this.promote(key, stored), discard: () => this.deleteQuietly(key) };
  }

  async has(sha256: string): Promise<boolean> {
    return this.exists(this.blobKey(sha256));
  }

  async read(sha256: string, size: number, range?: ByteRange): Promise<Buffer | Readable> {
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    let body: unknown;
    try {
      ({ Body: body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.blobKey(sha256), Range: range ? `bytes=${start}-${end}` : undefined })));
    } catch (error) {
      if (isNotFound(error)) throw new BlobMissingError(sha256);
      throw storageFailure(this.location, error);
    }
    if (!(body instanceof Readable)) throw new StorageUnavailableError(this.location, 'GetObject answered without a body');
    if (end - start + 1 > WHOLE_READ_BYTES) return body;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      throw storageFailure(this.location, error);
    }
  }

  async delete(sha256s: string[]): Promise<void> {
    await this.deleteKeys(sha256s.map((sha256) => this.blobKey(sha256)));
  }

  async list(after: string | null, limit: number): Promise<ListedBlob[]> {
    const blobs: ListedBlob[] = [];
    let token: string | undefined;
    while (blobs.length < limit) {
      const page = await this.client
        .send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}blobs/sha256/`,
            // Keys are `ab/cd/<digest>`: their order is the digests' order.
            StartAfter: after === null ? undefined : this.blobKey(after),
            ContinuationToken: token,
            MaxKeys: Math.min(BATCH, limit - blobs.length),
          }),
        )
        .catch(this.fail);
      for (const object of page.Contents ?? []) {
        const sha256 = object.Key!.slice(object.Key!.lastIndexOf('/') + 1);
        if (/^[0-9a-f]{64}$/.test(sha256)) blobs.push({ sha256, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) });
      }
      if (!page.IsTruncated) break;
      token = page.NextContinuationToken;
    }
    return blobs.slice(0, limit);
  }

  async dropStagedBefore(before: Date): Promise<number> {
    const prefix = `${this.prefix}${STAGED_PREFIX}`;
    const stale: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })).catch(this.fail);
      for (const object of page.Contents ?? []) if (object.LastModified && object.LastModified < before) stale.push(object.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    await this.deleteKeys(stale);

    // Uploads that a crash interrupted: their parts are stored (and billed) but belong to no
    // object. Listed for the whole bucket and filtered here: MinIO reads a prefix as one exact key.
    let unfinished = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client
        .send(new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }))
        .catch(this.fail);
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key?.startsWith(prefix) || !upload.Initiated || upload.Initiated >= before) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId })).catch(this.fail);
        unfinished += 1;
      }
      [keyMarker, uploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
    } while (keyMarker);
    return stale.length + unfinished;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      // HeadBucket has no body to say NoSuchBucket in: its bare 404 says it.
      if (isNotFound(error)) throw new StorageUnavailableError(this.location, 'no such bucket');
      throw storageFailure(this.location, error);
    }
  }

  private async promote(stagedKey: string, stored: StoredObject): Promise<void> {
    const target = this.blobKey(stored.sha256);
    if (await this.exists(target)) return;
    const source = `${this.bucket}/${stagedKey.split('/').map(encodeURIComponent).join('/')}`;
    if (stored.size <= this.copy.singleCopyLimit) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: target, CopySource: source })).catch(this.fail);
      return;
    }
    await copyInParts(this.client, { bucket: this.bucket, source, target, size: stored.size, ...this.copy }).catch(this.fail);
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw storageFailure(this.location, error);
    }
  }

  /** Deletes keys, a thousand a request; keys already gone are no error. */
  private async deleteKeys(keys: string[]): Promise<void> {
    for (let from = 0; from < keys.length; from += BATCH) {
      const objects = keys.slice(from, from + BATCH).map((Key) => ({ Key }));
      const { Errors } = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } })).catch(this.fail);
      if (Errors?.length) throw new StorageUnavailableError(this.location, `${Errors.length} objects could not be deleted (${Errors[0].Code})`);
    }
  }

  /** A staged object that cannot be deleted now is left to dropStagedBefore. */
  private async deleteQuietly(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
  }

  private blobKey(sha256: string): string {
    return `${this.prefix}${blobKey(sha256)}`;
  }

  private readonly fail = (error: unknown): never => {
    throw storageFailure(this.location, error);
  };
}
