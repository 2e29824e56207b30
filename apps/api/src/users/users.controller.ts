import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminApi } from '../auth/admin-api.decorator';
import { CreateTokenDto } from './dto/create-token.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { CreatedTokenView } from './dto/token.view';
import { UserListView, UserView } from './dto/user.view';
import { CreateTokenUseCase } from './usecases/create-token.usecase';
import { CreateUserUseCase } from './usecases/create-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user.usecase';
import { ListUsersUseCase } from './usecases/list-users.usecase';

@ApiTags('users')
@AdminApi()
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly listUsers: ListUsersUseCase,
    private readonly createToken: CreateTokenUseCase,
    private readonly deleteUser: DeleteUserUseCase,
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
  @ApiNotFoundResponse({ description: 'No user of that name.' })
  async token(@Param('username') username: string, @Body() body: CreateTokenDto): Promise<CreatedTokenView> {
    const { token, plaintext } = await this.createToken.execute({ username, name: body.name });
    return { token: plaintext, id: token.id, name: token.name, createdAt: token.createdAt.toISOString() };
  }
}
