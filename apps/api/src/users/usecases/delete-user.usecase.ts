import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken, User } from '@herald/persistence';
import { AuthService } from '../../auth/auth.service';

/** Removes a user and its tokens; the last admin stays, or nobody could administer Herald. */
@Injectable()
export class DeleteUserUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly auth: AuthService,
  ) {}

  async execute(username: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const user = await tx.findOne(User, { username });
      if (!user) throw new NotFoundException(`user ${username} does not exist`);
      if (user.role === 'admin' && (await tx.count(User, { role: 'admin' })) <= 1) throw new ConflictException('the last admin cannot be deleted');
      await tx.nativeDelete(ApiToken, { user });
      await tx.nativeDelete(User, { id: user.id });
    });
    // Remembered credentials of the deleted user must stop working now, not in a minute.
    this.auth.forgetAll();
  }
}
