import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { auditActor } from '../../audit/audit-actor';
import { TooManyFailedSignInsError } from '../../auth/auth-errors';
import { ConflictError, ForbiddenError, InvalidInputError, type DomainError } from '../../common/domain-errors';
import { domainStatus, errorHeaders } from '../../common/http-exception.filter';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { UpdateUserDto } from '../../users/dto/update-user.dto';
import type { UserResponse } from '../../users/dto/user.response';
import { CreateUserUseCase } from '../../users/usecases/create-user.usecase';
import { DeleteUserUseCase } from '../../users/usecases/delete-user.usecase';
import { ListTokensUseCase } from '../../users/usecases/list-tokens.usecase';
import { ListUsersUseCase } from '../../users/usecases/list-users.usecase';
import { UpdateUserUseCase, type UpdateUserCommand } from '../../users/usecases/update-user.usecase';
import { presentUser } from '../../users/user.presenter';
import { validateAsDto } from '../forms/dto-validation';
import { besideField, conflictMessage } from '../forms/field-messages';
import { fieldText, secretText } from '../forms/form-fields';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { portalPage, type Notice } from '../views/layout';
import { throttledSignIn } from '../views/sign-in.page';
import { noticeFor, type NoticeKey } from '../views/notices';
import { deleteUserPage, userDetailsPage, type UserDetailsErrors } from '../views/user-details.page';
import { userHref } from '../views/user-paths';
import { usersPage, type UsersPageView } from '../views/users.page';
import { UserNotFoundError } from '../../users/user-errors';

type UserChange = Omit<UpdateUserCommand, 'actor'>;

/** Users: the list and create form, and each user's page (role, disable / enable, password, delete). */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal/users')
export class PortalUsersController {
  constructor(
    private readonly listUsers: ListUsersUseCase,
    private readonly createUser: CreateUserUseCase,
    private readonly updateUser: UpdateUserUseCase,
    private readonly deleteUser: DeleteUserUseCase,
    private readonly listTokens: ListTokensUseCase,
  ) {}

  @Get()
  async list(@Viewer() viewer: PortalViewer, @Query('notice') notice?: string): Promise<string> {
    return this.usersPage(viewer, { username: '', role: 'deployer' }, {}, noticeFor(notice));
  }

  @Post()
  async create(@Viewer() viewer: PortalViewer, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const values = { username: fieldText(body.username), role: fieldText(body.role) };
    const { value, errors } = await validateAsDto(CreateUserDto, { ...values, password: secretText(body.password) });
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

  @Get(':username')
  async details(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Query('notice') notice?: string): Promise<string> {
    return this.detailsPage(viewer, await this.findUser(username), {}, noticeFor(notice));
  }

  @Post(':username/role')
  async changeRole(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const role = fieldText(body.role);
    const { value, errors } = await validateAsDto(UpdateUserDto, { role });
    if (errors.role) return this.refuse(viewer, response, username, HttpStatus.BAD_REQUEST, { role: errors.role }, role);
    await this.apply(viewer, request, response, { username, role: value.role }, 'role-changed', 'role', role);
  }

  @Post(':username/disable')
  async disable(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.apply(viewer, request, response, { username, disabled: true }, 'user-disabled', 'access');
  }

  @Post(':username/enable')
  async enable(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.apply(viewer, request, response, { username, disabled: false }, 'user-enabled', 'access');
  }

  @Post(':username/password')
  async changePassword(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { value, errors } = await validateAsDto(UpdateUserDto, { password: secretText(body.password) });
    if (errors.password) return this.refuse(viewer, response, username, HttpStatus.BAD_REQUEST, { password: errors.password });
    const currentPassword = username === viewer.username ? secretText(body.currentPassword) : undefined;
    await this.apply(viewer, request, response, { username, password: value.password, currentPassword }, 'password-changed', 'password');
  }

  @Get(':username/delete')
  async confirmDelete(@Viewer() viewer: PortalViewer, @Param('username') username: string): Promise<string> {
    const user = await this.findUser(username);
    return portalPage({ title: 'Delete user', viewer, section: 'users' }, deleteUserPage(viewer, user));
  }

  @Post(':username/delete')
  async remove(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      await this.deleteUser.execute({ username, actor: auditActor(request, viewer) });
    } catch (error) {
      const message = conflictMessage(error, 'user');
      response.status(HttpStatus.CONFLICT).send(await this.detailsPage(viewer, await this.findUser(username), { delete: [message] }, null));
      return;
    }
    response.redirect(303, '/portal/users?notice=user-deleted');
  }

  /** One change through the use case, then back to the user's page with a notice, or its refusal beside the form it came from. */
  private async apply(viewer: PortalViewer, request: Request, response: Response, change: UserChange, notice: NoticeKey, form: keyof UserDetailsErrors, triedRole?: string): Promise<void> {
    try {
      await this.updateUser.execute({ ...change, actor: auditActor(request, viewer) });
    } catch (error) {
      // A wrong current password counts as a failed sign-in: too many, and the form says when to try again.
      if (error instanceof TooManyFailedSignInsError) {
        response.set(errorHeaders(error));
        return this.refuse(viewer, response, change.username, HttpStatus.TOO_MANY_REQUESTS, { currentPassword: [throttledSignIn(error.retryAfterSeconds)] });
      }
      if (!(error instanceof InvalidInputError || error instanceof ForbiddenError || error instanceof ConflictError)) throw error;
      return this.refuse(viewer, response, change.username, domainStatus(error), refusal(error, form), triedRole);
    }
    response.redirect(303, `${userHref(change.username)}?notice=${notice}`);
  }

  /** The user's page again, with the status the API would answer and the message beside its form. */
  private async refuse(viewer: PortalViewer, response: Response, username: string, status: number, errors: UserDetailsErrors, triedRole?: string): Promise<void> {
    response.status(status).send(await this.detailsPage(viewer, await this.findUser(username), errors, null, triedRole));
  }

  private async findUser(username: string): Promise<UserResponse> {
    const user = (await this.listUsers.execute()).find((candidate) => candidate.username === username);
    if (!user) throw new UserNotFoundError(username);
    return presentUser(user);
  }

  private async detailsPage(viewer: PortalViewer, user: UserResponse, errors: UserDetailsErrors, notice: Notice | null, role: string = user.role): Promise<string> {
    const tokenCount = (await this.listTokens.execute(user.username)).length;
    return portalPage({ title: user.username, viewer, section: 'users', notice }, userDetailsPage({ viewer, user, tokenCount, role, errors }));
  }

  private async usersPage(viewer: PortalViewer, values: UsersPageView['values'], errors: UsersPageView['errors'], notice: Notice | null): Promise<string> {
    const users = (await this.listUsers.execute()).map(presentUser);
    return portalPage({ title: 'Users', viewer, section: 'users', notice }, usersPage({ viewer, users, values, errors }));
  }
}

/**
 * A refusal (a bad value, a wrong current password, the last admin) beside the form it came from;
 * one about the current password beside that field, in the page's own words.
 */
function refusal(error: DomainError, form: keyof UserDetailsErrors): UserDetailsErrors {
  if (error.field !== 'currentPassword') return { [form]: [besideField(error.message, form)] };
  return { currentPassword: [error instanceof ForbiddenError ? 'This is not your current password.' : 'Enter your current password to change it.'] };
}
