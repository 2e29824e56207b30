import { log } from '@temporalio/activity';
import type { HealthChanged } from './delivery-store';
import type { HealthAnnouncer } from './workflow-signals';

/**
 * Tells of a health change recorded with a delivery's end: a log line, and a mail to an email
 * webhook's address. Never throws: the change is already recorded, and a failure here must not
 * make the workflow send the delivery again.
 */
export async function announceHealthChange(announcer: HealthAnnouncer | null | undefined, changed: HealthChanged | null): Promise<void> {
  if (!changed) return;
  const { webhook, change } = changed;
  log.warn(`webhook ${webhook.id} ${change} by endpoint health after ${webhook.consecutiveFailures} failed deliveries in a row`);
  if (!announcer || webhook.targetType !== 'email' || !webhook.targetAddress) return;
  try {
    await announcer.announce({
      webhookId: webhook.id,
      repository: webhook.repository,
      change,
      consecutiveFailures: webhook.consecutiveFailures,
      pausedUntil: webhook.pausedUntil,
      to: webhook.targetAddress,
    });
  } catch (error) {
    log.error(`could not announce the health of webhook ${webhook.id}`, { error: error instanceof Error ? error.message : String(error) });
  }
}
