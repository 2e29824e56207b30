import { PassThrough, Writable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/**
 * Parts are cut at this size, S3's smallest (or larger, for uploads that would need more than
 * its 10 000 parts): each upload holds its parts in memory, and an API process serves many.
 */
export const S3_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** Parts sent at once: an upload holds at most this many parts, and the one filling, in memory. */
export const S3_PARTS_IN_FLIGHT = 4;

/**
 * One object being uploaded, as a stream to write its bytes into: lib-storage cuts them into
 * parts and sends a few at once (a body that fits one part is a single PUT). The stream finishes
 * once the object is complete in the store. Destroyed, or failing, it gives up the multipart
 * upload: lib-storage aborts it when the bytes it reads end in an error. `settled` resolves when
 * the upload is complete or given up, so a caller can clean up after it and not beside it.
 */
export class ObjectUpload extends Writable {
  readonly settled: Promise<void>;
  private readonly parts = new PassThrough();
  private readonly done: Promise<unknown>;

  constructor(client: S3Client, bucket: string, key: string, maxBytes: number) {
    super();
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: this.parts },
      partSize: Math.max(S3_PART_BYTES, Math.ceil(maxBytes / MAX_PARTS)),
      queueSize: S3_PARTS_IN_FLIGHT,
    });
    this.done = upload.done();
    this.settled = this.done.then(
      () => undefined,
      () => undefined,
    );
    // The store refused a part: the writer learns it at its next write, or at the end.
    this.done.catch((error: unknown) => this.destroy(error as Error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.parts.write(chunk)) callback();
    else this.parts.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.parts.end();
    this.done.then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.parts.destroy(error ?? new Error('the upload was abandoned'));
    callback(error);
  }
}
