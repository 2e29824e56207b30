import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { redeliveryWorkflowId } from '@herald/contracts';
import { Delivery, FileEvent, Webhook, newId } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { FileEventWorkflowStarter } from '../../relay/file-event-workflow.starter';
import { webhookHealth } from '../../webhooks/webhook.presenter';
import { DeliveryNotFoundError, EventGoneError, TemporalUnavailableError, WebhookPausedError } from '../redelivery-errors';

export interface RedeliverCommand {
  deliveryId: string;
  actor: AuditActor;
  /** False when the caller audits the whole batch itself (recover). */
  audited?: boolean;
}

/**
 * Sends an earlier delivery's event to its webhook again: a new delivery row, made by its own
 * workflow (`redeliver-{deliveryId}`), with the same `webhook-id` header (the event id) so the
 * receiver can tell it is the same event. Started at once; if Temporal refuses, nothing stays.
 */
@Injectable()
export class RedeliverUseCase {
  private readonly logger = new Logger('Redeliver');

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
    private readonly starter: FileEventWorkflowStarter,
  ) {}

  async execute(command: RedeliverCommand): Promise<Delivery> {
    const { delivery, event } = await this.orm.em.fork().transactional(async (em) => {
      const original = await em.findOne(Delivery, { id: command.deliveryId });
      if (!original) throw new DeliveryNotFoundError(command.deliveryId);
      const webhook = await em.findOne(Webhook, { id: original.webhookId });
      if (!webhook) throw new DeliveryNotFoundError(command.deliveryId);
      if (!webhook.active || webhookHealth(webhook, new Date()).status !== 'healthy') throw new WebhookPausedError(webhook.id);
      const found = await em.findOne(FileEvent, { id: original.eventId });
      if (!found) throw new EventGoneError(original.eventId);
      const id = newId('dlv');
      const fresh = em.create(Delivery, { id, webhookId: webhook.id, eventId: found.id, eventType: found.type, workflowId: redeliveryWorkflowId(id), createdAt: new Date() });
      if (command.audited !== false) this.audit.record(em, { actor: command.actor, action: 'webhook.redelivered', subjectType: 'webhook', subjectId: webhook.id, detail: { deliveryId: id, of: original.id, eventId: found.id } });
      return { delivery: fresh, event: found };
    });
    try {
      await this.starter.startRedelivery(event, delivery);
    } catch (error) {
      this.logger.warn(`redelivery ${delivery.id} not started: ${error instanceof Error ? error.message : String(error)}`);
      await this.orm.em.fork().nativeDelete(Delivery, { id: delivery.id });
      throw new TemporalUnavailableError();
    }
    return delivery;
  }
}
