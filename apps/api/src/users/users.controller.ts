import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditedBy } from '../audit/audit-actor';
import type { AuditActor } from '../audit/audit-log.service';
import { AdminApi } from '../auth/admin-api.decorator';
import { OpenToEveryUser } from '../auth/admin.guard';
import type { Principal } from '../auth/principal';
import { AdminPrincipal } from '../common/admin-principal.decorator';
import { CreateTokenDto } from './dto/create-token.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { CreatedTokenResponse, TokenListResponse } from './dto/token.response';
import { UserListResponse, UserResponse } from './dto/user.response';
import { presentToken, presentUser } from './user.presenter';
import { CreateTokenUseCase } from './usecases/create-token.usecase';
import { CreateUserUseCase } from './usecases/create-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user.usecase';
import { ListTokensUseCase } from './usecases/list-tokens.usecase';
import { ListUsersUseCase } from './usecases/list-users.usecase';
import { RevokeTokenUseCase } from './usecases/revoke-token.usecase';
import { UpdateUserUseCase } from './usecases/update-user.usecase';

/** What a user who is not an admin may send about itself. */
const SELF_SERVICE_FIELDS = new Set(['password', 'currentPassword']);

@ApiTags('users')
@AdminApi()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly listUsers: ListUsersUseCase,
    private readonly createToken: CreateTokenUseCase,
    private readonly deleteUser: DeleteUserUseCase,
    private readonly listTokens: ListTokensUseCase,
    private readonly revokeToken: RevokeTokenUseCase,
    private readonly updateUser: UpdateUserUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a user with a role' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Invalid username, password (8 to 256 characters) or role.' })
  @ApiConflictResponse({ description: 'A user of that name exists.' })
  async create(@Body() body: CreateUserDto, @AuditedBy() actor: AuditActor): Promise<UserResponse> {
    return presentUser(await this.createUser.execute({ ...body, actor }));
  }

  @Get()
  @ApiOperation({ summary: 'List users (without their password hashes), each with its role and whether it is disabled' })
  @ApiOkResponse({ type: UserListResponse })
  async list(): Promise<UserListResponse> {
    return { items: (await this.listUsers.execute()).map(presentUser) };
  }

  @Patch(':username')
  @OpenToEveryUser()
  @ApiOperation({
    summary: "Change a user's role, password or disabled flag",
    description:
      "Admins may change anyone. Any other user may change only its own password, sending its current one as `currentPassword`. A new password or disabling ends the user's portal sessions; a disabled user's password and tokens are refused by every API process within a second.",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Nothing to change, a password not 8 to 256 characters, an unknown role, or currentPassword missing when changing your own password.' })
  @ApiForbiddenResponse({ description: 'Not an admin, and changing another user or more than your own password; or currentPassword does not match.' })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  @ApiConflictResponse({ description: 'The last enabled admin cannot be demoted or disabled.' })
  async update(@Param('username') username: string, @Body() body: UpdateUserDto, @AdminPrincipal() principal: Principal, @AuditedBy() actor: AuditActor): Promise<UserResponse> {
    if (principal.role !== 'admin' && (principal.username !== username || Object.entries(body).some(([field, value]) => value !== undefined && !SELF_SERVICE_FIELDS.has(field)))) {
      throw new ForbiddenException('only an admin may change another user, or a role or the disabled flag');
    }
    return presentUser(await this.updateUser.execute({ ...body, username, actor }));
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user and its API tokens' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  @ApiConflictResponse({ description: 'The last enabled admin cannot be deleted.' })
  async remove(@Param('username') username: string, @AuditedBy() actor: AuditActor): Promise<void> {
    await this.deleteUser.execute({ username, actor });
  }

  @Post(':username/tokens')
  @ApiOperation({ summary: 'Create an API token for a user; the token is shown in this answer only' })
  @ApiCreatedResponse({ type: CreatedTokenResponse })
  @ApiBadRequestResponse({ description: 'Invalid name (up to 128 characters) or expiresInDays (1 to 3650).' })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  async token(@Param('username') username: string, @Body() body: CreateTokenDto, @AuditedBy() actor: AuditActor): Promise<CreatedTokenResponse> {
    const { token, plaintext } = await this.createToken.execute({ username, name: body.name, expiresInDays: body.expiresInDays, actor });
    return { ...presentToken(token), token: plaintext };
  }

  @Get(':username/tokens')
  @ApiOperation({ summary: "List a user's API tokens (never their secrets)" })
  @ApiOkResponse({ type: TokenListResponse })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  async tokens(@Param('username') username: string): Promise<TokenListResponse> {
    return { items: (await this.listTokens.execute(username)).map(presentToken) };
  }

  @Delete(':username/tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: every API process refuses it within a second' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'No token of that id for that user.' })
  async revoke(@Param('username') username: string, @Param('id') id: string, @AuditedBy() actor: AuditActor): Promise<void> {
    await this.revokeToken.execute({ username, id, actor });
  }
}
