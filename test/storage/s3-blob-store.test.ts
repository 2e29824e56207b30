import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CreateMultipartUploadCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { blobKey, S3BlobStore, StorageUnavailableError } from '@herald/storage';
import { generatedBody, sha256Of } from '../support/bodies';
import { createTestBucket, s3StorageConfig, s3StorageUrl, testS3Endpoint, type TestBucket } from '../support/s3';

const MiB = 1024 * 1024;

/** What no message of the store may contain: the credentials the SDK found. */
function secrets(): string[] {
  return [process.env.AWS_ACCESS_KEY_ID!, process.env.AWS_SECRET_ACCESS_KEY!];
}

/** A loopback port nothing listens on: it was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the S3 blob store on MinIO', () => {
  let bucket: TestBucket;

  beforeAll(async () => {
    bucket = await createTestBucket();
  });

  afterAll(() => bucket?.drop());

  async function keysUnder(prefix: string): Promise<string[]> {
    const { Contents } = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: prefix }));
    return (Contents ?? []).map((object) => object.Key!);
  }

  it('stages under <prefix>uploads/ and stores blobs under <prefix>blobs/sha256/ab/cd/<digest>', async () => {
    const store = new S3BlobStore(s3StorageConfig(s3StorageUrl(bucket.bucket, 'maven/central')));
    expect(store.location).toBe(`s3://${bucket.bucket}/maven/central`);
    const staged = await store.stage(Readable.from([randomBytes(1_000)]), { maxBytes: MiB });
    expect(await keysUnder('maven/central/')).toEqual([expect.stringMatching(/^maven\/central\/uploads\/[0-9a-f]+$/)]);
    await staged.promote();
    await staged.discard();
    expect(await keysUnder('maven/central/')).toEqual([`maven/central/${blobKey(staged.sha256)}`]);
  });

  it('copies a blob above the single-copy limit in parts, server-side', async () => {
    const tuning = { singleCopyLimit: 6 * MiB, partBytes: 5 * MiB, partsInParallel: 2 };
    const store = new S3BlobStore(s3StorageConfig(s3StorageUrl(bucket.bucket, 'parts/')), tuning);
    const body = generatedBody(13 * MiB);
    const staged = await store.stage(body, { maxBytes: 64 * MiB });
    await staged.promote();
    await staged.discard();
    // A multipart object's ETag counts its parts: 5 + 5 + 3 MiB.
    const { ETag } = await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: `parts/${blobKey(staged.sha256)}` }));
    expect(ETag).toMatch(/-3"$/);
    expect(await sha256Of(await store.read(staged.sha256, staged.size))).toBe(body.sha256());
  });

  it('aborts the unfinished multipart uploads of its own prefix begun before a date', async () => {
    const store = new S3BlobStore(s3StorageConfig(s3StorageUrl(bucket.bucket, 'crashed/')));
    const begin = (Key: string) => bucket.client.send(new CreateMultipartUploadCommand({ Bucket: bucket.bucket, Key }));
    await begin('crashed/uploads/interrupted');
    await begin('elsewhere/uploads/not-ours');
    expect(await store.dropStagedBefore(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.dropStagedBefore(new Date(Date.now() + 60_000))).toBe(1);
    const { Uploads } = await bucket.client.send(new ListMultipartUploadsCommand({ Bucket: bucket.bucket }));
    expect((Uploads ?? []).map((upload) => upload.Key)).toEqual(['elsewhere/uploads/not-ours']);
  });

  it('answers check() while the bucket is there', async () => {
    await expect(new S3BlobStore(s3StorageConfig(bucket.storageUrl)).check()).resolves.toBeUndefined();
    const missing = new S3BlobStore(s3StorageConfig(s3StorageUrl('herald-no-such-bucket')));
    await expect(missing.check()).rejects.toEqual(new StorageUnavailableError('s3://herald-no-such-bucket', 'no such bucket'));
  });

  it('names the s3:// location, and no credential, when the endpoint is down', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const store = new S3BlobStore(s3StorageConfig(s3StorageUrl('herald-gone', 'some/prefix', closed)));
    const started = Date.now();
    const failures = await Promise.all([
      store.check().catch((error: unknown) => error),
      store.stage(Readable.from([randomBytes(100)]), { maxBytes: MiB }).catch((error: unknown) => error),
      store.read('0'.repeat(64), 100).catch((error: unknown) => error),
      store.list(null, 10).catch((error: unknown) => error),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StorageUnavailableError);
      expect((failure as Error).message).toMatch(/^the file store s3:\/\/herald-gone\/some\/prefix is unavailable: /);
      for (const secret of secrets()) expect((failure as Error).message).not.toContain(secret);
    }
  });

  it('answers StorageUnavailableError, naming no key, when the store refuses the credentials', async () => {
    const wrong = { accessKeyId: 'HERALDWRONGKEY0001', secretAccessKey: randomBytes(20).toString('hex') };
    const client = new S3Client({ endpoint: testS3Endpoint(), region: 'us-east-1', forcePathStyle: true, credentials: wrong });
    const store = new S3BlobStore(s3StorageConfig(bucket.storageUrl), undefined, client);
    const failure = await store.check().catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect(failure!.message).toMatch(new RegExp(`^the file store s3://${bucket.bucket} is unavailable: HTTP 403`));
    for (const secret of [...secrets(), wrong.accessKeyId, wrong.secretAccessKey]) expect(failure!.message).not.toContain(secret);
    client.destroy();
  });
});
