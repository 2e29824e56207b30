import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { fileEventWorkflowId, type Actor } from '@herald/contracts';
import { Delivery, FileEvent, Webhook } from '@herald/persistence';
import { AuditLog } from '../../audit/audit-log.service';
import { EventRelayService } from '../../relay/event-relay.service';
import { WebhookNotFoundError } from '../../webhooks/webhook-errors';

export interface SendTestEventCommand {
  webhookId: string;
  actor: Actor;
}

/** Where a `webhook.test` event points: no file is stored there. */
const TEST_PATH = '.herald/webhook-test';

/**
 * Records a `webhook.test` event for one webhook (paused ones included, so a fix can be
 * checked) and sends it through the same outbox, relay and workflow as a file event. The
 * delivery row is written in the same transaction, so its id can be answered at once; the
 * workflow's resolve step finds it by workflow id instead of making another.
 */
@Injectable()
export class SendTestEventUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
    private readonly relay: EventRelayService,
  ) {}

  async execute(command: SendTestEventCommand): Promise<Delivery> {
    const { event, delivery } = await this.orm.em.fork().transactional(async (em) => {
      const webhook = await em.findOne(Webhook, { id: command.webhookId });
      if (!webhook) throw new WebhookNotFoundError(command.webhookId);
      const now = new Date();
      const recorded = em.create(FileEvent, {
        type: 'webhook.test',
        repository: webhook.repository,
        path: TEST_PATH,
        name: 'webhook-test',
        targetWebhookId: webhook.id,
        actorUsername: command.actor.username,
        actorIp: command.actor.ip,
        actorUserAgent: command.actor.userAgent,
        occurredAt: now,
      });
      const made = em.create(Delivery, { webhookId: webhook.id, eventId: recorded.id, eventType: 'webhook.test', workflowId: fileEventWorkflowId(recorded.id), createdAt: now });
      this.audit.record(em, { actor: { username: command.actor.username, address: command.actor.ip }, action: 'webhook.tested', subjectType: 'webhook', subjectId: webhook.id, detail: { deliveryId: made.id, eventId: recorded.id } });
      return { event: recorded, delivery: made };
    });
    this.relay.dispatchSoon(event);
    return delivery;
  }
}
