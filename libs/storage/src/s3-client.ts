import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '@herald/config';

export type S3StorageConfig = Extract<StorageConfig, { kind: 's3' }>;

/** A store that does not accept a connection within this is down: /readyz and uploads say so at once. */
const CONNECT_TIMEOUT_MS = 3_000;
/**
 * A socket silent this long is dead. Generous: a download whose client reads slowly pauses the
 * store's response for as long as the client's window is full.
 */
const IDLE_TIMEOUT_MS = 120_000;
/** Parallel downloads each hold a socket for as long as they stream; uploads hold four. */
const MAX_SOCKETS = 256;

/**
 * The S3 client, credentials from the SDK's default chain (environment, profile, instance role),
 * never from Herald's own settings. Three attempts with the SDK's jittered backoff: a store that
 * throttles or drops one request is retried, one that is down answers within seconds.
 */
export function createS3Client(config: S3StorageConfig): S3Client {
  const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: IDLE_TIMEOUT_MS,
      httpAgent: new HttpAgent(agent),
      httpsAgent: new HttpsAgent(agent),
    },
  });
}
