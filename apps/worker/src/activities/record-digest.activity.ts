import type { DigestData, RecordDigestInput, RecordedEventResult } from '@herald/contracts';
import { FileEvent, Webhook } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { composedEventId } from './composed-event-id';

/** Where a digest points, like a test fire's `.herald/webhook-test`: no file is stored there. */
export const digestPath = (webhookId: string): string => `.herald/digests/${webhookId}`;

/**
 * Stores a closed digest window as a `file.digest` event for its one webhook, with the whole
 * receiver-facing `data`, so the delivery, its retries and any redelivery send exactly this.
 * The digest workflow starts the event's workflow itself, so the row is born dispatched.
 */
export function recordDigestActivity(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());

  return async function recordDigest(input: RecordDigestInput): Promise<RecordedEventResult> {
    const em = deps.orm.em.fork();
    const webhook = await em.findOne(Webhook, { id: input.webhookId });
    if (!webhook) return { event: null, stop: true };
    const closedAt = new Date(input.window.windowEnd);
    const id = composedEventId('dig', closedAt, `${input.webhookId}\n${input.window.windowStart}`);
    const path = digestPath(webhook.id);
    if (!(await em.findOne(FileEvent, { id }))) {
      const data: DigestData = { id, ...input.window };
      em.create(FileEvent, {
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
      await em.flush();
    }
    return { event: { eventId: id, eventType: 'file.digest', repository: input.window.repository, path, webhookId: webhook.id }, stop: webhook.digest === null };
  };
}
