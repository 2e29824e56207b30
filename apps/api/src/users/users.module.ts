import { Module } from '@nestjs/common';
import { CreateTokenUseCase } from './usecases/create-token.usecase';
import { CreateUserUseCase } from './usecases/create-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user.usecase';
import { ListUsersUseCase } from './usecases/list-users.usecase';
import { UsersController } from './users.controller';

@Module({
  controllers: [UsersController],
  providers: [CreateUserUseCase, ListUsersUseCase, CreateTokenUseCase, DeleteUserUseCase],
  exports: [CreateUserUseCase, ListUsersUseCase, CreateTokenUseCase, DeleteUserUseCase],
})
export class UsersModule {}
