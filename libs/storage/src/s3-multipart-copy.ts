import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

const MAX_PARTS = 10_000;

export interface PartCopy {
  bucket: string;
  /** `bucket/key`, URL-encoded, as CopySource wants it. */
  source: string;
  target: string;
  size: number;
  partBytes: number;
  partsInParallel: number;
}

/**
 * Copies an object too large for one CopyObject (5 GiB) inside the store, as Docker
 * Distribution's S3 driver does: a multipart upload whose parts are ranges of the source, copied
 * server-side a few at a time. The bytes never pass through Herald. On failure the multipart
 * upload is aborted once no part copy is still running, so no part outlives it.
 */
export async function copyInParts(client: S3Client, copy: PartCopy): Promise<void> {
  const partBytes = Math.max(copy.partBytes, Math.ceil(copy.size / MAX_PARTS));
  const count = Math.ceil(copy.size / partBytes);
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.target }));
  const parts: CompletedPart[] = [];
  let next = 0;
  let failed = false;
  const copyParts = async () => {
    while (next < count && !failed) {
      const number = ++next;
      const start = (number - 1) * partBytes;
      const end = Math.min(copy.size, start + partBytes) - 1;
      try {
        const { CopyPartResult } = await client.send(
          new UploadPartCopyCommand({ Bucket: copy.bucket, Key: copy.target, UploadId, PartNumber: number, CopySource: copy.source, CopySourceRange: `bytes=${start}-${end}` }),
        );
        parts.push({ PartNumber: number, ETag: CopyPartResult?.ETag });
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const copies = await Promise.allSettled(Array.from({ length: Math.min(copy.partsInParallel, count) }, copyParts));
  const failure = copies.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  try {
    if (failure) throw failure.reason;
    parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await client.send(new CompleteMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.target, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: copy.bucket, Key: copy.target, UploadId })).catch(() => undefined);
    throw error;
  }
}
