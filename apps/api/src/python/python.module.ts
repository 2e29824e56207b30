import { Module } from '@nestjs/common';
import { StorageModule } from '@herald/storage';
import { AuditModule } from '../audit/audit.module';
import { FilesModule } from '../files/files.module';
import { RepositoriesModule } from '../repositories/repositories.module';
import { PythonUploadsController } from './python-uploads.controller';
import { PythonVersionsController } from './python-versions.controller';
import { UploadDistributionUseCase } from './usecases/upload-distribution.usecase';
import { YankVersionUseCase } from './usecases/yank-version.usecase';

/** Python repositories' writes: twine uploads and yanking. Their reads go through FilesModule (PythonIndexModule). */
@Module({
  imports: [StorageModule, FilesModule, RepositoriesModule, AuditModule],
  controllers: [PythonUploadsController, PythonVersionsController],
  providers: [UploadDistributionUseCase, YankVersionUseCase],
})
export class PythonModule {}
