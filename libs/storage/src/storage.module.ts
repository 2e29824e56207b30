import { Module } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { BLOB_STORE } from './blob-store';
import { createBlobStore } from './create-blob-store';

/** Provides the BLOB_STORE port: the folder or the S3 bucket HERALD_STORAGE names. */
@Module({
  providers: [{ provide: BLOB_STORE, inject: [HERALD_CONFIG], useFactory: (config: HeraldConfig) => createBlobStore(config.storage) }],
  exports: [BLOB_STORE],
})
export class StorageModule {}
