export * from './blob-store';
export * from './create-blob-store';
export * from './local-blob-store';
export * from './s3-blob-store';
export * from './storage-errors';
export * from './storage.module';
export { S3_PART_BYTES, S3_PARTS_IN_FLIGHT } from './s3-object-upload';
