export * from './blob-store';
export * from './create-blob-store';
export * from './local-blob-store';
export * from './s3-blob-store';
export * from './storage-errors';
export * from './storage.module';
