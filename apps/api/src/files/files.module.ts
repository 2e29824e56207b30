import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { FILE_STORE, LocalFileStore } from '@herald/storage';
import { FilesController } from './files.controller';
import { UploadFileUseCase } from './usecases/upload-file.usecase';

@Module({
  controllers: [FilesController],
  providers: [
    { provide: FILE_STORE, inject: [HERALD_CONFIG], useFactory: (config: HeraldConfig) => new LocalFileStore(join(config.dataDir, 'files')) },
    UploadFileUseCase,
  ],
})
export class FilesModule {}
