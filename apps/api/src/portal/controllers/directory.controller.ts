import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_TYPES, type EventType } from '@herald/contracts';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { auditActor } from '../../audit/audit-actor';
import { presentFileEvent } from '../../events/file-event.presenter';
import { ListEventsUseCase } from '../../events/usecases/list-events.usecase';
import { CreateRepositoryDto } from '../../repositories/dto/create-repository.dto';
import { presentRepository } from '../../repositories/repository.presenter';
import { CreateRepositoryUseCase } from '../../repositories/usecases/create-repository.usecase';
import { GetRepositoryUseCase } from '../../repositories/usecases/get-repository.usecase';
import { ListRepositoriesUseCase } from '../../repositories/usecases/list-repositories.usecase';
import { validateAsDto } from '../forms/dto-validation';
import { conflictMessage } from '../forms/field-messages';
import { fieldText } from '../forms/form-fields';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { eventsPage } from '../views/events.page';
import { portalPage } from '../views/layout';
import { noticeFor } from '../views/notices';
import { repositoriesPage, type RepositoriesPageView } from '../views/repositories.page';
import { repositoryDetailsPage } from '../views/repository-details.page';

const EVENTS_PER_PAGE = 50;

/** Repositories and events: lists, the repository create form, a repository's connection settings. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal')
export class PortalDirectoryController {
  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly listRepositories: ListRepositoriesUseCase,
    private readonly createRepository: CreateRepositoryUseCase,
    private readonly getRepository: GetRepositoryUseCase,
    private readonly listEvents: ListEventsUseCase,
  ) {}

  @Get('repositories')
  async repositories(@Viewer() viewer: PortalViewer, @Query('notice') notice?: string): Promise<string> {
    return this.repositoriesPage(viewer, { name: '', format: 'maven', policy: 'release', visibility: 'private' }, {}, noticeFor(notice));
  }

  @Post('repositories')
  async addRepository(@Viewer() viewer: PortalViewer, @Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const values = { name: fieldText(body.name), format: fieldText(body.format), policy: fieldText(body.policy), visibility: fieldText(body.visibility) };
    const { value, errors } = await validateAsDto(CreateRepositoryDto, values);
    let problems: RepositoriesPageView['errors'] = errors;
    if (Object.keys(errors).length === 0) {
      try {
        await this.createRepository.execute({ ...value, actor: auditActor(request, viewer) });
        response.redirect(303, `/portal/repositories/${value.name}?notice=repository-created`);
        return;
      } catch (error) {
        problems = { name: [conflictMessage(error, 'name')] };
      }
    }
    response.status(HttpStatus.BAD_REQUEST).send(await this.repositoriesPage(viewer, values, problems, null));
  }

  @Get('repositories/:name')
  async repository(@Viewer() viewer: PortalViewer, @Param('name') name: string, @Query('notice') notice?: string): Promise<string> {
    const repository = presentRepository(await this.getRepository.execute(name), this.config.publicUrl);
    return portalPage({ title: repository.name, viewer, section: 'repositories', notice: noticeFor(notice) }, repositoryDetailsPage({ viewer, repository }));
  }

  @Get('events')
  async events(@Viewer() viewer: PortalViewer, @Query('repository') repository?: string, @Query('type') type?: string, @Query('before') before?: string): Promise<string> {
    const filter = { repository: fieldText(repository), type: (EVENT_TYPES as readonly string[]).includes(fieldText(type)) ? fieldText(type) : '' };
    const cursor = /^evt_[0-9a-z]{26}$/.test(fieldText(before)) ? fieldText(before) : undefined;
    const [page, repositories] = await Promise.all([
      this.listEvents.execute({ repository: filter.repository || undefined, type: (filter.type || undefined) as EventType | undefined, limit: EVENTS_PER_PAGE, before: cursor }),
      this.listRepositories.execute(),
    ]);
    const older = page.nextCursor ? `/portal/events?${new URLSearchParams({ ...filter, before: page.nextCursor }).toString()}` : null;
    return portalPage(
      { title: 'Events', viewer, section: 'events' },
      eventsPage({ events: page.events.map((event) => presentFileEvent(event, this.config.publicUrl)), repositories: repositories.map((r) => r.name), filter, olderHref: older }),
    );
  }

  private async repositoriesPage(viewer: PortalViewer, values: RepositoriesPageView['values'], errors: RepositoriesPageView['errors'], notice: ReturnType<typeof noticeFor>): Promise<string> {
    const repositories = (await this.listRepositories.execute()).map((repository) => presentRepository(repository, this.config.publicUrl));
    return portalPage({ title: 'Repositories', viewer, section: 'repositories', notice }, repositoriesPage({ viewer, repositories, values, errors }));
  }
}
