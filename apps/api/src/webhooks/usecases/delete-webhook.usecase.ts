import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Delivery, Webhook } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { SubscriptionIndex } from '../../subscriptions/subscription-index';
import { WebhookNotFoundError, assertPlausibleWebhookId } from '../webhook-errors';

export interface DeleteWebhookCommand {
  id: string;
  actor: AuditActor;
}

/**
 * Deletes a webhook with its deliveries and their attempts, in one transaction. Workflows still
 * running find their delivery gone and stop notifying it (see the worker's attemptDelivery).
 * The audit trail keeps the deletion.
 */
@Injectable()
export class DeleteWebhookUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
    private readonly subscriptions: SubscriptionIndex,
  ) {}

  async execute(command: DeleteWebhookCommand): Promise<void> {
    assertPlausibleWebhookId(command.id);
    await this.orm.em.fork().transactional(async (em) => {
      const webhook = await em.findOne(Webhook, { id: command.id });
      if (!webhook) throw new WebhookNotFoundError(command.id);
      // Their attempts go with them: delivery_attempt's foreign key cascades on delete.
      await em.nativeDelete(Delivery, { webhookId: webhook.id });
      await em.nativeDelete(Webhook, { id: webhook.id });
      this.audit.record(em, {
        actor: command.actor,
        action: 'webhook.deleted',
        subjectType: 'webhook',
        subjectId: webhook.id,
        detail: { repository: webhook.repository, targetType: webhook.targetType },
      });
    });
    await this.subscriptions.changed();
  }
}
