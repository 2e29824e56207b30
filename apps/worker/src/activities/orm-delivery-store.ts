import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { AuditEntry, Delivery, DeliveryAttempt, FileEvent, forUpdate, Webhook } from '@herald/persistence';
import type { AttemptRecord, AttemptSubject, DeliveryStore, EndpointEnd, HealthChanged } from './delivery-store';
import { afterEnd, type HealthChange } from './endpoint-health';

/** Audit actions of endpoint health; the actor is null: Herald did it, not an admin. */
export const HEALTH_AUDIT_ACTIONS: Record<HealthChange, string> = {
  paused: 'webhook.auto_paused',
  disabled: 'webhook.auto_disabled',
  recovered: 'webhook.auto_recovered',
};

/** The DeliveryStore on MikroORM: each call on its own fork, each write in one transaction. */
export class OrmDeliveryStore implements DeliveryStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly database: DatabaseConfig,
  ) {}

  async loadAttempt(deliveryId: string): Promise<AttemptSubject | null> {
    const em = this.orm.em.fork();
    const delivery = await em.findOne(Delivery, { id: deliveryId });
    if (!delivery) return null;
    const [webhook, event] = await Promise.all([em.findOne(Webhook, { id: delivery.webhookId }), em.findOne(FileEvent, { id: delivery.eventId })]);
    return { delivery, webhook, event };
  }

  async endUnattempted(deliveryId: string, at: Date): Promise<void> {
    await this.orm.em.fork().nativeUpdate(Delivery, { id: deliveryId }, { status: 'failed', completedAt: at });
  }

  recordAttempt(record: AttemptRecord, at: Date): Promise<HealthChanged | null> {
    return this.orm.em.fork().transactional(async (tx) => {
      const { id, ...state } = record.delivery;
      await tx.nativeUpdate(Delivery, { id }, state);
      const { deliveryId, ...attempt } = record.attempt;
      tx.create(DeliveryAttempt, { delivery: tx.getReference(Delivery, deliveryId), ...attempt });
      return record.endpoint ? this.applyHealth(tx, record.webhookId, record.endpoint, at) : null;
    });
  }

  failDelivery(deliveryId: string, at: Date): Promise<{ health: HealthChanged | null } | null> {
    return this.orm.em.fork().transactional(async (tx) => {
      const delivery = await tx.findOne(Delivery, { id: deliveryId }, forUpdate(this.database));
      if (!delivery || delivery.completedAt) return null;
      delivery.status = 'failed';
      delivery.completedAt = at;
      const health = delivery.eventType === 'webhook.test' ? null : await this.applyHealth(tx, delivery.webhookId, 'failed', at);
      return { health };
    });
  }

  async loadRedelivery(deliveryId: string): Promise<{ webhook: Webhook; delivery: Delivery } | null> {
    const em = this.orm.em.fork();
    const delivery = await em.findOne(Delivery, { id: deliveryId });
    const webhook = delivery && (await em.findOne(Webhook, { id: delivery.webhookId }));
    return delivery && webhook ? { webhook, delivery } : null;
  }

  loadEvent(eventId: string): Promise<FileEvent | null> {
    return this.orm.em.fork().findOne(FileEvent, { id: eventId });
  }

  async candidateWebhooks(event: FileEvent, webhookId: string | undefined): Promise<Webhook[]> {
    const em = this.orm.em.fork();
    if (webhookId) {
      const webhook = await em.findOne(Webhook, { id: webhookId });
      return webhook ? [webhook] : [];
    }
    return em.find(Webhook, { repository: event.repository, active: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async ensureDeliveries(plan: { event: FileEvent; workflowId: string; deliver: Webhook[]; hold: Webhook[]; at: Date }): Promise<Array<[Webhook, Delivery]>> {
    const { event, workflowId, at } = plan;
    const webhooks = [...plan.deliver, ...plan.hold];
    if (webhooks.length === 0) return [];
    const em = this.orm.em.fork();
    // By event id (indexed), then workflow id: a redelivery of the same event is not ours.
    const existing = await em.find(Delivery, { eventId: event.id, workflowId });
    const held = new Set(plan.hold);
    const pairs = webhooks.map((webhook): [Webhook, Delivery] => [
      webhook,
      existing.find((row) => row.webhookId === webhook.id) ??
        em.create(Delivery, {
          webhookId: webhook.id,
          eventId: event.id,
          eventType: event.type,
          workflowId,
          createdAt: at,
          ...(held.has(webhook) ? { status: 'failed' as const, completedAt: at } : {}),
        }),
    ]);
    await em.flush();
    return pairs;
  }

  /** Locked, so that two failures ending together both count. */
  private async applyHealth(tx: EntityManager, webhookId: string, end: EndpointEnd, at: Date): Promise<HealthChanged | null> {
    const webhook = await tx.findOne(Webhook, { id: webhookId }, forUpdate(this.database));
    const verdict = webhook && afterEnd(webhook, end, at);
    if (!webhook || !verdict) return null;
    const { consecutiveFailures, pausedUntil, disabledAt } = verdict.health;
    Object.assign(webhook, { consecutiveFailures, pausedUntil, disabledAt });
    if (!verdict.change) return null;
    tx.create(AuditEntry, {
      actor: null,
      action: HEALTH_AUDIT_ACTIONS[verdict.change],
      subjectType: 'webhook',
      subjectId: webhook.id,
      detail: { consecutiveFailures, pausedUntil: pausedUntil?.toISOString() ?? null },
      createdAt: at,
    });
    return { webhook, change: verdict.change };
  }
}
