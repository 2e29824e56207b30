import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { forUpdate, generateSigningSecret, SecretBox, Webhook, ROTATION_OVERLAP_MS, sealRotatedSecrets } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { WebhookHasNoSecretError, WebhookNotFoundError, assertPlausibleWebhookId } from '../webhook-errors';

export interface RotateWebhookSecretCommand {
  id: string;
  actor: AuditActor;
}

export interface RotatedSecret {
  secret: string;
}

/** A new signing secret for a JSON webhook, shown once; the old one signs beside it for 24 h. */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly box: SecretBox,
    private readonly audit: AuditLog,
  ) {}

  async execute(command: RotateWebhookSecretCommand): Promise<RotatedSecret> {
    assertPlausibleWebhookId(command.id);
    const secret = generateSigningSecret();
    await this.orm.em.fork().transactional(async (em) => {
      // Locked, so that of two rotations at once neither loses the other's secret.
      const webhook = await em.findOne(Webhook, { id: command.id }, forUpdate(this.config.database));
      if (!webhook) throw new WebhookNotFoundError(command.id);
      if (webhook.targetType !== 'json') throw new WebhookHasNoSecretError();
      const now = new Date();
      webhook.signingSecrets = sealRotatedSecrets(this.box, webhook.signingSecrets, secret, now);
      webhook.updatedAt = now;
      this.audit.record(em, {
        actor: command.actor,
        action: 'webhook.secret_rotated',
        subjectType: 'webhook',
        subjectId: webhook.id,
        detail: { previousSecretExpiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() },
      }, now);
    });
    return { secret };
  }
}
