import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { ApiToken, User } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { formatToken, hashTokenSecret, newTokenSecret, tokenHashKey } from '../../auth/api-token-secret';
import { UserNotFoundError } from '../user-errors';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreateTokenCommand {
  username: string;
  name?: string;
  /** Validated by the DTO: 1 to 3650. */
  expiresInDays?: number;
  actor: AuditActor;
}

export interface CreatedToken {
  token: ApiToken;
  /** `hrd_<id>_<secret>`: returned once, stored only as a keyed hash of the secret. */
  plaintext: string;
}

@Injectable()
export class CreateTokenUseCase {
  private readonly key: Buffer;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) config: HeraldConfig,
    private readonly audit: AuditLog,
  ) {
    this.key = tokenHashKey(config.secretKey);
  }

  async execute(command: CreateTokenCommand): Promise<CreatedToken> {
    const em = this.orm.em.fork();
    const user = await em.findOne(User, { username: command.username });
    if (!user) throw new UserNotFoundError(command.username);
    const secret = newTokenSecret();
    const createdAt = new Date();
    const expiresAt = command.expiresInDays === undefined ? null : new Date(createdAt.getTime() + command.expiresInDays * DAY_MS);
    const token = em.create(ApiToken, { user, secretHash: hashTokenSecret(this.key, secret), name: command.name ?? null, createdAt, expiresAt });
    this.audit.record(em, { actor: command.actor, action: 'token.created', subjectType: 'user', subjectId: user.username, detail: { tokenId: token.id, name: token.name, expiresAt: expiresAt?.toISOString() ?? null } }, createdAt);
    await em.flush();
    return { token, plaintext: formatToken(token.id, secret) };
  }
}
