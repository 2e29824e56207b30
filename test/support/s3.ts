import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { parseStorage, type StorageConfig } from '@herald/config';

export interface TestBucket {
  /** The HERALD_STORAGE value that points at the bucket (below `prefix`, when one was asked for). */
  storageUrl: string;
  bucket: string;
  /** A client of the test's own, for looking behind the store's back. */
  client: S3Client;
  /** Deletes everything in the bucket, then the bucket. */
  drop(): Promise<void>;
}

/** The MinIO server global-setup started; credentials reach the SDK through its default chain. */
export function testS3Endpoint(): string {
  const endpoint = process.env.HERALD_TEST_S3_ENDPOINT;
  if (!endpoint) throw new Error('HERALD_TEST_S3_ENDPOINT is unset: run the integration project, whose global setup starts MinIO');
  return endpoint;
}

/** The HERALD_STORAGE value of a bucket (and prefix) on the test MinIO server, or on `endpoint`. */
export function s3StorageUrl(bucket: string, prefix = '', endpoint = testS3Endpoint()): string {
  return `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=true`;
}

/** A fresh bucket on the test MinIO server, one per test file. */
export async function createTestBucket(options: { prefix?: string } = {}): Promise<TestBucket> {
  const endpoint = testS3Endpoint();
  const bucket = `herald-test-${randomBytes(6).toString('hex')}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    storageUrl: s3StorageUrl(bucket, options.prefix, endpoint),
    bucket,
    client,
    drop: async () => {
      await emptyBucket(client, bucket);
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      client.destroy();
    },
  };
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  const { Uploads } = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  for (const upload of Uploads ?? []) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    const objects = (page.Contents ?? []).map(({ Key }) => ({ Key }));
    if (objects.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The parsed S3 settings of a HERALD_STORAGE value, as Herald's config reads them. */
export function s3StorageConfig(storageUrl: string): Extract<StorageConfig, { kind: 's3' }> {
  const config = parseStorage(storageUrl, '/unused');
  if (config?.kind !== 's3') throw new Error(`not an S3 storage URL: ${storageUrl}`);
  return config;
}
