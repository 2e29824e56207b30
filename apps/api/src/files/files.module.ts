import { Module } from '@nestjs/common';
import { StorageModule } from '@herald/storage';
import { PythonIndexModule } from '../python/python-index.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { DownloadCounter } from './download-counter';
import { FileAccessPolicy } from './file-access';
import { FileMetadataCache } from './file-metadata-cache';
import { FileReads } from './file-reads';
import { FilesController } from './files.controller';
import { UploadContinueGate } from './upload-continue.gate';
import { AuthorizeUploadUseCase } from './usecases/authorize-upload.usecase';
import { DeleteFileUseCase } from './usecases/delete-file.usecase';
import { DownloadFileUseCase } from './usecases/download-file.usecase';
import { ListFolderUseCase } from './usecases/list-folder.usecase';
import { UploadFileUseCase } from './usecases/upload-file.usecase';

@Module({
  imports: [StorageModule, RepositoriesModule, PythonIndexModule],
  controllers: [FilesController],
  providers: [
    FileAccessPolicy,
    DownloadCounter,
    FileMetadataCache,
    FileReads,
    UploadContinueGate,
    AuthorizeUploadUseCase,
    UploadFileUseCase,
    DownloadFileUseCase,
    DeleteFileUseCase,
    ListFolderUseCase,
  ],
  exports: [FileReads, FileAccessPolicy, UploadFileUseCase],
})
export class FilesModule {}
