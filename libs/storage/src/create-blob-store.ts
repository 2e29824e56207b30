import type { StorageConfig } from '@herald/config';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';
import { S3BlobStore } from './s3-blob-store';

/** The blob store HERALD_STORAGE names. */
export function createBlobStore(config: StorageConfig): BlobStore {
  return config.kind === 'file' ? new LocalBlobStore(config.root) : new S3BlobStore(config);
}
