import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { AuditedBy } from '../audit/audit-actor';
import type { AuditActor } from '../audit/audit-log.service';
import { AdminApi } from '../auth/admin-api.decorator';
import { CreateRepositoryDto } from './dto/create-repository.dto';
import { RepositoryListResponse, RepositoryResponse } from './dto/repository.response';
import { presentRepository } from './repository.presenter';
import { CreateRepositoryUseCase } from './usecases/create-repository.usecase';
import { DeleteRepositoryUseCase } from './usecases/delete-repository.usecase';
import { GetRepositoryUseCase } from './usecases/get-repository.usecase';
import { ListRepositoriesUseCase } from './usecases/list-repositories.usecase';

@ApiTags('repositories')
@AdminApi()
@Controller('api/v1/repositories')
export class RepositoriesController {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly createRepository: CreateRepositoryUseCase,
    private readonly listRepositories: ListRepositoriesUseCase,
    private readonly getRepository: GetRepositoryUseCase,
    private readonly deleteRepository: DeleteRepositoryUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a repository' })
  @ApiCreatedResponse({ type: RepositoryResponse })
  @ApiBadRequestResponse({ description: 'Invalid name, policy or visibility.' })
  @ApiConflictResponse({ description: 'A repository of that name exists.' })
  async create(@Body() body: CreateRepositoryDto, @AuditedBy() actor: AuditActor): Promise<RepositoryResponse> {
    return presentRepository(await this.createRepository.execute({ ...body, actor }), this.config.publicUrl);
  }

  @Get()
  @ApiOperation({ summary: 'List repositories' })
  @ApiOkResponse({ type: RepositoryListResponse })
  async list(): Promise<RepositoryListResponse> {
    const repositories = await this.listRepositories.execute();
    return { items: repositories.map((repository) => presentRepository(repository, this.config.publicUrl)) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One repository' })
  @ApiOkResponse({ type: RepositoryResponse })
  @ApiNotFoundResponse({ description: 'No repository of that name.' })
  async get(@Param('name') name: string): Promise<RepositoryResponse> {
    return presentRepository(await this.getRepository.execute(name), this.config.publicUrl);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a repository with all its files and their metadata (its file events stay)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No repository of that name.' })
  async remove(@Param('name') name: string, @AuditedBy() actor: AuditActor): Promise<void> {
    await this.deleteRepository.execute(name, actor);
  }
}
