import { Body, Controller, Get, HttpException, HttpStatus, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_TYPES, type EventType } from '@herald/contracts';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { auditActor } from '../../audit/audit-actor';
import { FileEventView } from '../../events/dto/file-event.view';
import { ListEventsUseCase } from '../../events/usecases/list-events.usecase';
import { CreateRepositoryDto } from '../../repositories/dto/create-repository.dto';
import { RepositoryView } from '../../repositories/dto/repository.view';
import { CreateRepositoryUseCase } from '../../repositories/usecases/create-repository.usecase';
import { GetRepositoryUseCase } from '../../repositories/usecases/get-repository.usecase';
import { ListRepositoriesUseCase } from '../../repositories/usecases/list-repositories.usecase';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { UserView } from '../../users/dto/user.view';
import { CreateUserUseCase } from '../../users/usecases/create-user.usecase';
import { ListUsersUseCase } from '../../users/usecases/list-users.usecase';
import { validateAsDto } from '../forms/dto-validation';
import { besideField } from '../forms/field-messages';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { eventsPage } from '../views/events.view';
import { portalPage } from '../views/layout';
import { noticeFor } from '../views/notices';
import { repositoriesPage, type RepositoriesPageView } from '../views/repositories.view';
import { repositoryDetailsPage } from '../views/repository-details.view';
import { usersPage, type UsersPageView } from '../views/users.view';

const EVENTS_PER_PAGE = 50;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Repositories, users and events: lists, the create forms of the first two, a repository's connection settings. */
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
    private readonly listUsers: ListUsersUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly listEvents: ListEventsUseCase,
  ) {}

  @Get('repositories')
  async repositories(@Viewer() viewer: PortalViewer, @Query('notice') notice?: string): Promise<string> {
    return this.repositoriesPage(viewer, { name: '', format: 'maven', policy: 'release', visibility: 'private' }, {}, noticeFor(notice));
  }

  @Post('repositories')
  async addRepository(@Viewer() viewer: PortalViewer, @Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const values = { name: text(body.name), format: text(body.format), policy: text(body.policy), visibility: text(body.visibility) };
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
    const repository = RepositoryView.of(await this.getRepository.execute(name), this.config.publicUrl);
    return portalPage({ title: repository.name, viewer, section: 'repositories', notice: noticeFor(notice) }, repositoryDetailsPage({ viewer, repository }));
  }

  @Get('users')
  async users(@Viewer() viewer: PortalViewer, @Query('notice') notice?: string): Promise<string> {
    return this.usersPage(viewer, { username: '', role: 'deployer' }, {}, noticeFor(notice));
  }

  @Post('users')
  async addUser(@Viewer() viewer: PortalViewer, @Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const values = { username: text(body.username), role: text(body.role) };
    const { value, errors } = await validateAsDto(CreateUserDto, { ...values, password: typeof body.password === 'string' ? body.password : '' });
    let problems: UsersPageView['errors'] = errors;
    if (Object.keys(errors).length === 0) {
      try {
        await this.createUser.execute({ ...value, actor: auditActor(request, viewer) });
        response.redirect(303, '/portal/users?notice=user-created');
        return;
      } catch (error) {
        problems = { username: [conflictMessage(error, 'user')] };
      }
    }
    response.status(HttpStatus.BAD_REQUEST).send(await this.usersPage(viewer, values, problems, null));
  }

  @Get('events')
  async events(@Viewer() viewer: PortalViewer, @Query('repository') repository?: string, @Query('type') type?: string, @Query('before') before?: string): Promise<string> {
    const filter = { repository: text(repository), type: (EVENT_TYPES as readonly string[]).includes(text(type)) ? text(type) : '' };
    const cursor = /^evt_[0-9a-z]{26}$/.test(text(before)) ? text(before) : undefined;
    const [page, repositories] = await Promise.all([
      this.listEvents.execute({ repository: filter.repository || undefined, type: (filter.type || undefined) as EventType | undefined, limit: EVENTS_PER_PAGE, before: cursor }),
      this.listRepositories.execute(),
    ]);
    const older = page.nextCursor ? `/portal/events?${new URLSearchParams({ ...filter, before: page.nextCursor }).toString()}` : null;
    return portalPage(
      { title: 'Events', viewer, section: 'events' },
      eventsPage({ events: page.events.map((event) => FileEventView.of(event, this.config.publicUrl)), repositories: repositories.map((r) => r.name), filter, olderHref: older }),
    );
  }

  private async repositoriesPage(viewer: PortalViewer, values: RepositoriesPageView['values'], errors: RepositoriesPageView['errors'], notice: ReturnType<typeof noticeFor>): Promise<string> {
    const repositories = (await this.listRepositories.execute()).map((repository) => RepositoryView.of(repository, this.config.publicUrl));
    return portalPage({ title: 'Repositories', viewer, section: 'repositories', notice }, repositoriesPage({ viewer, repositories, values, errors }));
  }

  private async usersPage(viewer: PortalViewer, values: UsersPageView['values'], errors: UsersPageView['errors'], notice: ReturnType<typeof noticeFor>): Promise<string> {
    const users = (await this.listUsers.execute()).map((user) => UserView.of(user));
    return portalPage({ title: 'Users', viewer, section: 'users', notice }, usersPage({ viewer, users, values, errors }));
  }
}

/** A 409 from the use case ("repository x already exists") goes beside the name; anything else is thrown on. */
function conflictMessage(error: unknown, field: string): string {
  if (error instanceof HttpException && error.getStatus() === HttpStatus.CONFLICT) return besideField(String(error.message), field);
  throw error;
}
