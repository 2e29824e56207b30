import type { DeliveryPlan, ResolveDeliveriesInput, ResolveDeliveriesResult } from '@herald/contracts';
import { targetLabel, type Delivery, type FileEvent, type Webhook } from '@herald/persistence';
import { uploadedVersion } from '@herald/subscriptions';
import type { ActivityPorts } from './activity-deps';
import { routeEvent, type EventRoutes } from './event-routing';

/**
 * Which deliveries an event workflow makes: one per active webhook subscribed to the event's
 * repository and type whose filters pass its path, or the one delivery a redelivery names.
 * An upload of a Maven or Python version feeds its version's workflow (event-routing.ts decides;
 * this writes and signals); digesting webhooks were handed the event by the API's relay.
 * Idempotent: a retried run, or a row created up front (a test fire), is found again by workflow
 * id rather than duplicated, and the version workflow drops an event it has already seen.
 */
export function resolveDeliveriesActivity(ports: Pick<ActivityPorts, 'deliveries' | 'secretBox' | 'signals' | 'config' | 'now'>) {
  const now = ports.now ?? (() => new Date());
  const { deliveries: store } = ports;

  async function deliveriesOf(input: ResolveDeliveriesInput): Promise<Array<[Webhook, Delivery]>> {
    if (input.deliveryId) {
      const redelivery = await store.loadRedelivery(input.deliveryId);
      return redelivery ? [[redelivery.webhook, redelivery.delivery]] : [];
    }
    const event = await store.loadEvent(input.eventId);
    if (!event) return [];
    const at = now();
    const routes = routeEvent(event, await store.candidateWebhooks(event, input.webhookId), { targeted: input.webhookId !== undefined, now: at });
    const pairs = await store.ensureDeliveries({ event, workflowId: input.workflowId, deliver: routes.deliver, hold: routes.hold, at });
    await signalVersion(ports, event, routes);
    // A held delivery ended as it was recorded; a row already ended in an earlier run stays ended.
    return pairs.filter(([, delivery]) => delivery.completedAt === null);
  }

  return async function resolveDeliveries(input: ResolveDeliveriesInput): Promise<ResolveDeliveriesResult> {
    const pairs = await deliveriesOf(input);
    const deliveries = pairs.map(([webhook, delivery]): DeliveryPlan => ({
      deliveryId: delivery.id,
      webhookId: webhook.id,
      targetType: webhook.targetType,
      targetLabel: targetLabel(ports.secretBox, webhook),
    }));
    const { retryScheduleMs, maxRetryAfterMs, attemptTimeoutMs } = ports.config.delivery;
    return { deliveries, retryScheduleMs, maxRetryAfterMs, attemptTimeoutMs };
  };
}

/** Hands an upload to its version's workflow (Maven or Python), when some webhook wants that version announced. */
async function signalVersion(ports: Pick<ActivityPorts, 'signals' | 'config'>, event: FileEvent, routes: EventRoutes): Promise<void> {
  const uploaded = routes.groupVersion ? uploadedVersion(event) : null;
  if (!uploaded) return;
  await ports.signals.toVersion({ repository: event.repository, ...uploaded.version, quietMs: ports.config.publishQuietMs }, { eventId: event.id, path: event.path });
}
