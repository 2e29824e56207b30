import { log } from '@temporalio/activity';
import type { FailDeliveryInput } from '@herald/contracts';
import { Delivery } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { endpointHealthRecorder } from './endpoint-health-recorder';

/**
 * Ends a delivery as `failed` when its last attempt could not record that itself (the worker
 * was lost mid-attempt, the activity timed out). Runs only on that rare path.
 */
export function failDeliveryActivity(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  const recordDeliveryEnd = endpointHealthRecorder(deps);

  return async function failDelivery(input: FailDeliveryInput): Promise<void> {
    const em = deps.orm.em.fork();
    const delivery = await em.findOne(Delivery, { id: input.deliveryId });
    if (!delivery || delivery.completedAt) return;
    delivery.status = 'failed';
    delivery.completedAt = now();
    await em.flush();
    log.warn(`delivery ${delivery.id} failed: ${input.reason}`);
    if (delivery.eventType !== 'webhook.test') await recordDeliveryEnd(delivery.webhookId, 'failed');
  };
}
