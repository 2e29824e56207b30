import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { User } from '@herald/persistence';

@Injectable()
export class ListUsersUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  execute(): Promise<User[]> {
    return this.orm.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
  }
}
