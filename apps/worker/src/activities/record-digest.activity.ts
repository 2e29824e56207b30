import type { DigestData, RecordDigestInput, RecordedEventResult } from '@herald/contracts';
import type { ActivityPorts } from './activity-deps';
import { composedEventId } from './composed-event-id';

/** Where a digest points, like a test fire's `.herald/webhook-test`: no file is stored there. */
export const digestPath = (webhookId: string): string => `.herald/digests/${webhookId}`;

/**
 * Stores a closed digest window as a `file.digest` event for its one webhook, with the whole
 * receiver-facing `data`, so the delivery, its retries and any redelivery send exactly this.
 * The digest workflow starts the event's workflow itself, so the row is born dispatched.
 */
export function recordDigestActivity(ports: Pick<ActivityPorts, 'events' | 'now'>) {
  const now = ports.now ?? (() => new Date());

  return async function recordDigest(input: RecordDigestInput): Promise<RecordedEventResult> {
    const webhook = await ports.events.webhook(input.webhookId);
    if (!webhook) return { event: null, stop: true };
    const closedAt = new Date(input.window.windowEnd);
    const id = composedEventId('dig', closedAt, `${input.webhookId}\n${input.window.windowStart}`);
    const path = digestPath(webhook.id);
    const data: DigestData = { id, ...input.window };
    await ports.events.recordOnce({
      id,
      type: 'file.digest',
      repository: input.window.repository,
      path,
      name: 'digest',
      targetWebhookId: webhook.id,
      payload: data,
      occurredAt: closedAt,
      dispatchedAt: now(),
    });
    return { event: { eventId: id, eventType: 'file.digest', repository: input.window.repository, path, webhookId: webhook.id }, stop: webhook.digest === null };
  };
}
