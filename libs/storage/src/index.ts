export * from './file-store';
export * from './local-file-store';
export * from './storage-errors';
export * from './storage.module';
