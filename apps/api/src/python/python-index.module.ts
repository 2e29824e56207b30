import { Module } from '@nestjs/common';
import { PythonReads } from './python-reads';
import { ListProjectsUseCase } from './usecases/list-projects.usecase';
import { ReadCoreMetadataUseCase } from './usecases/read-core-metadata.usecase';
import { ReadProjectUseCase } from './usecases/read-project.usecase';

/** The reads of a python repository's index, which FileReads hands on (FilesModule imports this). */
@Module({
  providers: [PythonReads, ListProjectsUseCase, ReadProjectUseCase, ReadCoreMetadataUseCase],
  exports: [PythonReads],
})
export class PythonIndexModule {}
