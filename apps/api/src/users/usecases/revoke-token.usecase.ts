import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken } from '@herald/persistence';
import { AuthService } from '../../auth/auth.service';

/**
 * Deletes one of a user's tokens. The delete moves the `credentials` counter, so other API
 * processes forget the token within a second; this one forgets it before answering.
 */
@Injectable()
export class RevokeTokenUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly auth: AuthService,
  ) {}

  async execute(username: string, id: string): Promise<void> {
    const em = this.orm.em.fork();
    const token = await em.findOne(ApiToken, { id, user: { username } }, { fields: ['id'] });
    if (!token || (await em.nativeDelete(ApiToken, { id: token.id })) === 0) throw new NotFoundException(`user ${username} has no token ${id}`);
    this.auth.forgetAll();
  }
}
