import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken, User } from '@herald/persistence';
import { UserNotFoundError } from '../user-errors';

/** A user's tokens, oldest first. */
@Injectable()
export class ListTokensUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(username: string): Promise<ApiToken[]> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { username });
    if (!user) throw new UserNotFoundError(username);
    return em.find(ApiToken, { user }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }
}
