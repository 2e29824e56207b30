import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi } from '../auth/admin-api.decorator';
import { CreateTokenDto } from './dto/create-token.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { CreatedTokenView, TokenListView, TokenView } from './dto/token.view';
import { UserListView, UserView } from './dto/user.view';
import { CreateTokenUseCase } from './usecases/create-token.usecase';
import { CreateUserUseCase } from './usecases/create-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user.usecase';
import { ListTokensUseCase } from './usecases/list-tokens.usecase';
import { ListUsersUseCase } from './usecases/list-users.usecase';
import { RevokeTokenUseCase } from './usecases/revoke-token.usecase';

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
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a user with a role' })
  @ApiCreatedResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'Invalid username, password (8 to 256 characters) or role.' })
  @ApiConflictResponse({ description: 'A user of that name exists.' })
  async create(@Body() body: CreateUserDto): Promise<UserView> {
    return UserView.of(await this.createUser.execute(body));
  }

  @Get()
  @ApiOperation({ summary: 'List users (without their password hashes)' })
  @ApiOkResponse({ type: UserListView })
  async list(): Promise<UserListView> {
    return { items: (await this.listUsers.execute()).map((user) => UserView.of(user)) };
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user and its API tokens' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  @ApiConflictResponse({ description: 'The last admin cannot be deleted.' })
  async remove(@Param('username') username: string): Promise<void> {
    await this.deleteUser.execute(username);
  }

  @Post(':username/tokens')
  @ApiOperation({ summary: 'Create an API token for a user; the token is shown in this answer only' })
  @ApiCreatedResponse({ type: CreatedTokenView })
  @ApiBadRequestResponse({ description: 'Invalid name (up to 128 characters) or expiresInDays (1 to 3650).' })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  async token(@Param('username') username: string, @Body() body: CreateTokenDto): Promise<CreatedTokenView> {
    const { token, plaintext } = await this.createToken.execute({ username, name: body.name, expiresInDays: body.expiresInDays });
    return { ...TokenView.of(token), token: plaintext };
  }

  @Get(':username/tokens')
  @ApiOperation({ summary: "List a user's API tokens (never their secrets)" })
  @ApiOkResponse({ type: TokenListView })
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  async tokens(@Param('username') username: string): Promise<TokenListView> {
    return { items: (await this.listTokens.execute(username)).map((token) => TokenView.of(token)) };
  }

  @Delete(':username/tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: every API process refuses it within a second' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ description: 'No token of that id for that user.' })
  async revoke(@Param('username') username: string, @Param('id') id: string): Promise<void> {
    await this.revokeToken.execute(username, id);
  }
}
