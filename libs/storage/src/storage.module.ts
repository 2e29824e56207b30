import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { FILE_STORE } from './file-store';
import { LocalFileStore } from './local-file-store';

/** Provides the FILE_STORE port: the local disk under `$DATA_DIR/files`. */
@Module({
  providers: [{ provide: FILE_STORE, inject: [HERALD_CONFIG], useFactory: (config: HeraldConfig) => new LocalFileStore(join(config.dataDir, 'files')) }],
  exports: [FILE_STORE],
})
export class StorageModule {}
