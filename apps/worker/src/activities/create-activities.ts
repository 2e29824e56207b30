import type { MikroORM } from '@mikro-orm/core';
import type { HeraldConfig } from '@herald/config';
import type {
  AttemptDeliveryInput,
  AttemptDeliveryResult,
  DeliveryPlan,
  HeraldActivities,
  ResolveDeliveriesInput,
  ResolveDeliveriesResult,
} from '@herald/contracts';
import { Delivery, DeliveryAttempt, FileEvent, SecretBox, Webhook } from '@herald/persistence';
import { deliverVia, type ChannelRegistry } from './channel-registry';
import { isDeliveryError, skippedFailure, toActivityFailure } from './delivery-failure';
import { notificationPayload } from './notification-payload';
import { resolveTarget } from './resolve-target';
import { targetLabel } from './target-label';

export interface ActivityDeps {
  orm: MikroORM;
  secretBox: SecretBox;
  channels: ChannelRegistry;
  config: Pick<HeraldConfig, 'publicUrl' | 'delivery'>;
  now?: () => Date;
}

const ERROR_LIMIT = 1024;

/** The activities of the event workflow, built from their dependencies (no Nest magic needed). */
export function createActivities(deps: ActivityDeps): HeraldActivities {
  const now = deps.now ?? (() => new Date());

  async function subscribedWebhooks(event: FileEvent, webhookId: string | undefined, em: ReturnType<MikroORM['em']['fork']>): Promise<Webhook[]> {
    if (webhookId) {
      const webhook = await em.findOne(Webhook, { id: webhookId });
      return webhook ? [webhook] : [];
    }
    const candidates = await em.find(Webhook, { repository: event.repository, active: true }, { orderBy: { createdAt: 'asc' } });
    return candidates.filter((webhook) => (webhook.events as string[]).includes(event.type));
  }

  return {
    async resolveDeliveries(input: ResolveDeliveriesInput): Promise<ResolveDeliveriesResult> {
      const em = deps.orm.em.fork();
      const event = await em.findOneOrFail(FileEvent, { id: input.eventId });
      const deliveries: DeliveryPlan[] = [];
      if (input.deliveryId) {
        const delivery = await em.findOne(Delivery, { id: input.deliveryId });
        const webhook = delivery && (await em.findOne(Webhook, { id: delivery.webhookId }));
        if (delivery && webhook) {
          deliveries.push({ deliveryId: delivery.id, webhookId: webhook.id, targetType: webhook.targetType, targetLabel: targetLabel(webhook) });
        }
      } else {
        const webhooks = await subscribedWebhooks(event, input.webhookId, em);
        // Idempotent: a retried resolve finds the rows its first run created.
        const existing = await em.find(Delivery, { workflowId: input.workflowId });
        for (const webhook of webhooks) {
          let delivery = existing.find((row) => row.webhookId === webhook.id);
          if (!delivery) {
            delivery = em.create(Delivery, { webhookId: webhook.id, eventId: event.id, eventType: event.type, workflowId: input.workflowId, createdAt: now() });
          }
          deliveries.push({ deliveryId: delivery.id, webhookId: webhook.id, targetType: webhook.targetType, targetLabel: targetLabel(webhook) });
        }
        await em.flush();
      }
      return { deliveries, retryScheduleMs: deps.config.delivery.retryScheduleMs, maxRetryAfterMs: deps.config.delivery.maxRetryAfterMs };
    },

    async attemptDelivery(input: AttemptDeliveryInput): Promise<AttemptDeliveryResult> {
      const em = deps.orm.em.fork();
      const delivery = await em.findOne(Delivery, { id: input.deliveryId });
      if (!delivery) throw skippedFailure('the delivery no longer exists (its webhook was deleted)');
      const webhook = await em.findOne(Webhook, { id: delivery.webhookId });
      const event = await em.findOneOrFail(FileEvent, { id: delivery.eventId });
      if (!webhook || (!webhook.active && event.type !== 'webhook.test')) {
        delivery.status = 'failed';
        delivery.completedAt = now();
        await em.flush();
        throw skippedFailure(webhook ? 'the webhook is paused' : 'the webhook was deleted');
      }

      const target = resolveTarget(deps.secretBox, webhook);
      const startedAt = now();
      const attempt = em.create(DeliveryAttempt, { delivery, number: input.attempt, startedAt, durationMs: 0 });
      delivery.attemptCount = Math.max(delivery.attemptCount, input.attempt);
      try {
        const result = await deliverVia(deps.channels, target, { id: event.id, webhookId: webhook.id, payload: notificationPayload(event, deps.config.publicUrl) });
        attempt.durationMs = Date.now() - startedAt.getTime();
        attempt.statusCode = result.statusCode;
        attempt.responseBody = result.responseBody;
        delivery.status = 'succeeded';
        delivery.lastStatusCode = result.statusCode;
        delivery.completedAt = now();
        await em.flush();
        return { statusCode: result.statusCode, durationMs: attempt.durationMs };
      } catch (error) {
        if (!isDeliveryError(error)) throw error;
        attempt.durationMs = Date.now() - startedAt.getTime();
        attempt.statusCode = error.statusCode;
        attempt.errorClass = error.name;
        attempt.error = error.message.slice(0, ERROR_LIMIT);
        attempt.responseBody = error.responseBody;
        delivery.lastStatusCode = error.statusCode;
        const ends = error.name === 'PermanentDeliveryError' || input.final;
        delivery.status = ends ? 'failed' : 'retrying';
        delivery.completedAt = ends ? now() : null;
        await em.flush();
        throw toActivityFailure(error);
      }
    },
  };
}
