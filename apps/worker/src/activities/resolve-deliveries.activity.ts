import type { EntityManager } from '@mikro-orm/core';
import type { DeliveryPlan, ResolveDeliveriesInput, ResolveDeliveriesResult } from '@herald/contracts';
import { Delivery, FileEvent, Webhook } from '@herald/persistence';
import { uploadedVersion } from '@herald/subscriptions';
import type { ActivityDeps } from './activity-deps';
import { routeEvent, type EventRoutes } from './event-routing';
import { targetLabel } from './target-label';

/**
 * Which deliveries an event workflow makes: one per active webhook subscribed to the event's
 * repository and type whose filters pass its path, or the one delivery a redelivery names.
 * An upload of a Maven or Python version feeds its version's workflow (event-routing.ts decides;
 * this writes and signals); digesting webhooks were handed the event by the API's relay.
 * Idempotent: a retried run, or a row created up front (a test fire), is found again by workflow
 * id rather than duplicated, and the version workflow drops an event it has already seen.
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
    const at = now();
    const routes = routeEvent(event, await candidateWebhooks(em, event, input.webhookId), { targeted: input.webhookId !== undefined, now: at });
    const webhooks = [...routes.deliver, ...routes.hold];
    let pairs: Array<[Webhook, Delivery]> = [];
    if (webhooks.length > 0) {
      // By event id (indexed), then workflow id: a redelivery of the same event is not ours.
      const existing = await em.find(Delivery, { eventId: event.id, workflowId: input.workflowId });
      const held = new Set(routes.hold);
      pairs = webhooks.map((webhook): [Webhook, Delivery] => [
        webhook,
        existing.find((row) => row.webhookId === webhook.id) ??
          em.create(Delivery, {
            webhookId: webhook.id,
            eventId: event.id,
            eventType: event.type,
            workflowId: input.workflowId,
            createdAt: at,
            ...(held.has(webhook) ? { status: 'failed' as const, completedAt: at } : {}),
          }),
      ]);
      await em.flush();
    }
    await signalVersion(deps, event, routes);
    // A held delivery ended as it was recorded; a row already ended in an earlier run stays ended.
    return pairs.filter(([, delivery]) => delivery.completedAt === null);
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

async function candidateWebhooks(em: EntityManager, event: FileEvent, webhookId: string | undefined): Promise<Webhook[]> {
  if (webhookId) {
    const webhook = await em.findOne(Webhook, { id: webhookId });
    return webhook ? [webhook] : [];
  }
  return em.find(Webhook, { repository: event.repository, active: true }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** Hands an upload to its version's workflow (Maven or Python), when some webhook wants that version announced. */
async function signalVersion(deps: ActivityDeps, event: FileEvent, routes: EventRoutes): Promise<void> {
  const uploaded = routes.groupVersion ? uploadedVersion(event) : null;
  if (!uploaded) return;
  await deps.signals.toVersion({ repository: event.repository, ...uploaded.version, quietMs: deps.config.publishQuietMs }, { eventId: event.id, path: event.path });
}
