import { log } from '@temporalio/activity';
import type { FailDeliveryInput } from '@herald/contracts';
import type { ActivityPorts } from './activity-deps';
import { announceHealthChange } from './health-announcement';

/**
 * Ends a delivery as `failed` when its last attempt could not record that itself (the worker
 * was lost mid-attempt, the activity timed out). Runs only on that rare path.
 */
export function failDeliveryActivity(ports: Pick<ActivityPorts, 'deliveries' | 'announcer' | 'now'>) {
  const now = ports.now ?? (() => new Date());

  return async function failDelivery(input: FailDeliveryInput): Promise<void> {
    const ended = await ports.deliveries.failDelivery(input.deliveryId, now());
    if (!ended) return;
    log.warn(`delivery ${input.deliveryId} failed: ${input.reason}`);
    await announceHealthChange(ports.announcer, ended.health);
  };
}
