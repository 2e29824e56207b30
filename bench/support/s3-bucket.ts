import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { onCleanup } from './cleanup';

// scripts/ is plain CommonJS shared with the tests; typed here at the one place the bench uses it.
const minio = require('../../scripts/minio') as {
  startMinio(options: { dir: string; stdio?: Array<'ignore' | number> }): Promise<{ endpoint: string; accessKey: string; secretKey: string; stop(): Promise<void> }>;
};

export interface BenchBucket {
  bucket: string;
  /** For the stack: HERALD_STORAGE naming the bucket, and the credentials the SDK's chain reads. */
  env: NodeJS.ProcessEnv;
  /** The bench's own client of the same server, for the baseline transfers. */
  client: S3Client;
}

const BUCKET = 'herald-bench';

/**
 * A MinIO server of the bench's own (data in `dir`, log in `logDir`) and an empty bucket on it.
 * Registered for cleanup before the stack starts, so it stops after the API and worker.
 */
export async function startBenchBucket(dir: string, logDir: string): Promise<BenchBucket> {
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, 'minio.log'), 'w');
  const server = await minio.startMinio({ dir, stdio: ['ignore', log, log] }).finally(() => closeSync(log));
  onCleanup(() => server.stop());
  const client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
  });
  onCleanup(() => client.destroy());
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return {
    bucket: BUCKET,
    client,
    env: {
      HERALD_STORAGE: `s3://${BUCKET}/herald?endpoint=${encodeURIComponent(server.endpoint)}&region=us-east-1&forcePathStyle=true`,
      AWS_ACCESS_KEY_ID: server.accessKey,
      AWS_SECRET_ACCESS_KEY: server.secretKey,
      // The shell's own AWS session or profile must not stand in for MinIO's root credentials.
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
    },
  };
}
