import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { auditActor } from '../../audit/audit-actor';
import { CreateTokenDto } from '../../users/dto/create-token.dto';
import { CreateTokenUseCase } from '../../users/usecases/create-token.usecase';
import { ListTokensUseCase } from '../../users/usecases/list-tokens.usecase';
import { RevokeTokenUseCase } from '../../users/usecases/revoke-token.usecase';
import { presentToken } from '../../users/user.presenter';
import { validateAsDto } from '../forms/dto-validation';
import { fieldText } from '../forms/form-fields';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalSessionGuard, Viewer } from '../session/portal-session.guard';
import type { PortalViewer } from '../views/components';
import { portalPage, type Notice } from '../views/layout';
import { noticeFor } from '../views/notices';
import { tokensHref } from '../views/user-paths';
import { createdTokenPage, revokeTokenPage, userTokensPage, type TokenFormValues, type UserTokensPageView } from '../views/user-tokens.page';
import { TokenNotFoundError } from '../../users/user-errors';

/** A user's API tokens: list, create (the token shown in that answer only), revoke after a confirmation. */
@ApiExcludeController()
@UseGuards(PortalSessionGuard)
@UseFilters(PortalExceptionFilter)
@Controller('portal/users/:username/tokens')
export class PortalUserTokensController {
  constructor(
    private readonly listTokens: ListTokensUseCase,
    private readonly createToken: CreateTokenUseCase,
    private readonly revokeToken: RevokeTokenUseCase,
  ) {}

  @Get()
  async list(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Query('notice') notice?: string): Promise<string> {
    return this.tokensPage(viewer, username, { name: '', expiresInDays: '' }, {}, noticeFor(notice));
  }

  @Post()
  async create(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const values = { name: fieldText(body.name), expiresInDays: fieldText(body.expiresInDays) };
    // A number field posts text: empty means no expiry, anything else goes to the DTO's rule as a number (NaN included, which it refuses).
    const { value, errors } = await validateAsDto(CreateTokenDto, { name: values.name || undefined, expiresInDays: values.expiresInDays === '' ? undefined : Number(values.expiresInDays) });
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.BAD_REQUEST).send(await this.tokensPage(viewer, username, values, errors, null));
      return;
    }
    const { token, plaintext } = await this.createToken.execute({ username, name: value.name, expiresInDays: value.expiresInDays, actor: auditActor(request, viewer) });
    const page = createdTokenPage(username, { ...presentToken(token), token: plaintext });
    response.status(HttpStatus.CREATED).send(portalPage({ title: 'Token created', viewer, section: 'users', notice: { tone: 'success', text: 'The token was created.' } }, page));
  }

  @Get(':id/revoke')
  async confirmRevoke(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Param('id') id: string): Promise<string> {
    const token = (await this.listTokens.execute(username)).find((candidate) => candidate.id === id);
    if (!token) throw new TokenNotFoundError(username, id);
    return portalPage({ title: 'Revoke token', viewer, section: 'users' }, revokeTokenPage(viewer, username, presentToken(token)));
  }

  @Post(':id/revoke')
  async revoke(@Viewer() viewer: PortalViewer, @Param('username') username: string, @Param('id') id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.revokeToken.execute({ username, id, actor: auditActor(request, viewer) });
    response.redirect(303, `${tokensHref(username)}?notice=token-revoked`);
  }

  private async tokensPage(viewer: PortalViewer, username: string, values: TokenFormValues, errors: UserTokensPageView['errors'], notice: Notice | null): Promise<string> {
    const tokens = (await this.listTokens.execute(username)).map(presentToken);
    return portalPage({ title: `Tokens of ${username}`, viewer, section: 'users', notice }, userTokensPage({ viewer, username, tokens, values, errors, now: new Date() }));
  }
}
