import { randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { ApiToken, User } from '@herald/persistence';
import { hashSecret } from '../../auth/password-hasher';
import { TOKEN_PREFIX } from '../../auth/principal';

export interface CreateTokenCommand {
  username: string;
  name?: string;
}

export interface CreatedToken {
  token: ApiToken;
  /** `hrd_<id>_<secret>`: returned once, stored only as a hash of the secret. */
  plaintext: string;
}

@Injectable()
export class CreateTokenUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(command: CreateTokenCommand): Promise<CreatedToken> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { username: command.username });
    if (!user) throw new NotFoundException(`user ${command.username} does not exist`);
    const secret = randomBytes(24).toString('base64url');
    const token = em.create(ApiToken, { user, secretHash: await hashSecret(secret), name: command.name ?? null });
    await em.flush();
    return { token, plaintext: `${TOKEN_PREFIX}${token.id}_${secret}` };
  }
}
