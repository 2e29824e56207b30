import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CreateTokenUseCase } from './usecases/create-token.usecase';
import { CreateUserUseCase } from './usecases/create-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user.usecase';
import { ListTokensUseCase } from './usecases/list-tokens.usecase';
import { ListUsersUseCase } from './usecases/list-users.usecase';
import { RevokeTokenUseCase } from './usecases/revoke-token.usecase';
import { UpdateUserUseCase } from './usecases/update-user.usecase';
import { UsersController } from './users.controller';

@Module({
  imports: [AuditModule],
  controllers: [UsersController],
  providers: [CreateUserUseCase, ListUsersUseCase, CreateTokenUseCase, ListTokensUseCase, RevokeTokenUseCase, DeleteUserUseCase, UpdateUserUseCase],
  exports: [CreateUserUseCase, ListUsersUseCase, CreateTokenUseCase, ListTokensUseCase, RevokeTokenUseCase, DeleteUserUseCase, UpdateUserUseCase],
})
export class UsersModule {}
