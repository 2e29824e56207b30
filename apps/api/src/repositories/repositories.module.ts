import { Module } from '@nestjs/common';
import { StorageModule } from '@herald/storage';
import { AuditModule } from '../audit/audit.module';
import { RepositoriesController } from './repositories.controller';
import { RepositoryCatalog } from './repository-catalog';
import { CreateRepositoryUseCase } from './usecases/create-repository.usecase';
import { DeleteRepositoryUseCase } from './usecases/delete-repository.usecase';
import { GetRepositoryUseCase } from './usecases/get-repository.usecase';
import { ListRepositoriesUseCase } from './usecases/list-repositories.usecase';

@Module({
  imports: [StorageModule, AuditModule],
  controllers: [RepositoriesController],
  providers: [RepositoryCatalog, CreateRepositoryUseCase, ListRepositoriesUseCase, GetRepositoryUseCase, DeleteRepositoryUseCase],
  exports: [RepositoryCatalog, CreateRepositoryUseCase, ListRepositoriesUseCase, GetRepositoryUseCase, DeleteRepositoryUseCase],
})
export class RepositoriesModule {}
