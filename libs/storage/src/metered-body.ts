import { finished, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BatchedDigest, BLAKE2B_256 } from './batched-digest';
import type { StageOptions, StoredObject } from './blob-store';
import { ChecksumMismatchError, UploadAbortedError, UploadTooLargeError } from './storage-errors';

const ALGORITHMS = ['sha256', 'sha1', 'md5'] as const;
/** Only Python uploads ask for BLAKE2b-256: other bodies are not slowed by a fourth hash. */
const WITH_BLAKE2B_256 = [...ALGORITHMS, BLAKE2B_256] as const;

/**
 * Receives an upload's body into `out` (a staging file, a multipart upload), counting and
 * hashing on the way: the size limit and the client's expected checksums are enforced here, for
 * every store alike. On any failure the caller deletes what `out` wrote; the error says why:
 * UploadTooLargeError, ChecksumMismatchError, UploadAbortedError (the client went away), or the
 * store's own error.
 */
export async function receiveBody(body: Readable, out: Writable, options: StageOptions): Promise<StoredObject> {
  // Hashed on the digest thread while this one goes on reading and writing.
  const hashes = options.blake2b256 ? new BatchedDigest(WITH_BLAKE2B_256) : new BatchedDigest(ALGORITHMS);
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > options.maxBytes) return callback(new UploadTooLargeError(options.maxBytes));
      const caughtUp = hashes.update(chunk);
      if (!caughtUp) return callback(null, chunk);
      caughtUp.then(() => callback(null, chunk), callback);
    },
  });
  let digests: Record<(typeof ALGORITHMS)[number], string> & { blake2b256?: string };
  try {
    await writeBody(body, meter, out);
    digests = await hashes.digest();
  } catch (error) {
    hashes.discard();
    if (!body.readableEnded && isPrematureEnd(error)) throw new UploadAbortedError();
    throw error;
  }
  for (const algorithm of ALGORITHMS) {
    const expected = options.expected?.[algorithm];
    if (expected && expected.trim().toLowerCase() !== digests[algorithm]) throw new ChecksumMismatchError(algorithm);
  }
  return { size, ...digests };
}

/**
 * Pipes `body` through `meter` into `out`. Unlike `pipeline(body, …)`, a failure on the store's
 * side leaves `body` alive: when it is an HTTP request, the caller can still answer 413 or 507.
 */
async function writeBody(body: Readable, meter: Transform, out: Writable): Promise<void> {
  const written = pipeline(meter, out);
  const stopWatching = finished(body, { writable: false }, (error) => {
    if (error) meter.destroy(error);
  });
  body.pipe(meter);
  try {
    await written;
  } finally {
    stopWatching();
    body.unpipe(meter);
  }
}

/** The body stream failed because its connection closed early, not because of the store. */
function isPrematureEnd(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted';
}
