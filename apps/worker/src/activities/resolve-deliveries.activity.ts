import type { EntityManager } from '@mikro-orm/core';
import type { DeliveryPlan, ResolveDeliveriesInput, ResolveDeliveriesResult } from '@herald/contracts';
import { Delivery, FileEvent, Webhook } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { targetLabel } from './target-label';

/**
 * Which deliveries an event workflow makes: one per active webhook subscribed to the event's
 * repository and type, or the one delivery a redelivery names. Idempotent: a retried run, or
 * a row created up front (a test fire), is found again by workflow id rather than duplicated.
 */
export function resolveDeliveriesActivity(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());

  async function deliveriesOf(em: EntityManager, input: ResolveDeliveriesInput): Promise<Array<[Webhook, Delivery]>> {
    if (input.deliveryId) {
      const delivery = await em.findOne(Delivery, { id: input.deliveryId });
      const webhook = delivery && (await em.findOne(Webhook, { id: delivery.webhookId }));
      return delivery && webhook ? [[webhook, delivery]] : [];
    }
    const event = await em.findOne(FileEvent, { id: input.eventId });
    if (!event) return [];
    const webhooks = await subscribedWebhooks(em, event, input.webhookId);
    if (webhooks.length === 0) return [];
    // By event id (indexed), then workflow id: a redelivery of the same event is not ours.
    const existing = await em.find(Delivery, { eventId: event.id, workflowId: input.workflowId });
    const pairs = webhooks.map((webhook): [Webhook, Delivery] => [
      webhook,
      existing.find((row) => row.webhookId === webhook.id) ??
        em.create(Delivery, { webhookId: webhook.id, eventId: event.id, eventType: event.type, workflowId: input.workflowId, createdAt: now() }),
    ]);
    await em.flush();
    return pairs;
  }

  return async function resolveDeliveries(input: ResolveDeliveriesInput): Promise<ResolveDeliveriesResult> {
    const pairs = await deliveriesOf(deps.orm.em.fork(), input);
    const deliveries = pairs.map(([webhook, delivery]): DeliveryPlan => ({
      deliveryId: delivery.id,
      webhookId: webhook.id,
      targetType: webhook.targetType,
      targetLabel: targetLabel(webhook, deps.secretBox),
    }));
    const { retryScheduleMs, maxRetryAfterMs, attemptTimeoutMs } = deps.config.delivery;
    return { deliveries, retryScheduleMs, maxRetryAfterMs, attemptTimeoutMs };
  };
}

async function subscribedWebhooks(em: EntityManager, event: FileEvent, webhookId: string | undefined): Promise<Webhook[]> {
  // A test fire reaches its webhook even while paused: that is how an operator checks a fix.
  if (webhookId) {
    const webhook = await em.findOne(Webhook, { id: webhookId });
    return webhook ? [webhook] : [];
  }
  const candidates = await em.find(Webhook, { repository: event.repository, active: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return candidates.filter((webhook) => (webhook.events as string[]).includes(event.type));
}
