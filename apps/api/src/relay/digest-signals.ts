import { Injectable } from '@nestjs/common';
import type { DigestEventSignal } from '@herald/contracts';
import type { FileEvent } from '@herald/persistence';
import type { IndexedWebhook } from '../subscriptions/subscription-index';
import { FileEventWorkflowStarter } from './file-event-workflow.starter';

/** How long events for one digest gather before their signal goes: a storm costs about five signals a second. */
const LINGER_MS = 200;
/** Events per signal at most, so one signal stays a small payload in the digest's history. */
const EVENTS_PER_SIGNAL = 500;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface PendingDigest {
  webhookId: string;
  repository: string;
  events: DigestEventSignal[];
  waiters: Waiter[];
}

/**
 * Batches the events the relay routes to digesting webhooks: one signal per webhook carries every
 * event routed to it in the last LINGER_MS. Each `add` settles when its event's signal was
 * accepted (then the relay marks the event dispatched) or refused (it stays in the outbox and
 * the sweep sends it again; the digest counts an event id once).
 */
@Injectable()
export class DigestSignals {
  private pending = new Map<string, PendingDigest>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly starter: FileEventWorkflowStarter) {}

  add(webhook: IndexedWebhook, event: FileEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let digest = this.pending.get(webhook.id);
      if (!digest) {
        digest = { webhookId: webhook.id, repository: webhook.repository, events: [], waiters: [] };
        this.pending.set(webhook.id, digest);
      }
      digest.events.push({
        eventId: event.id,
        // The subscription rule sends only file events to a digest.
        type: event.type as DigestEventSignal['type'],
        path: event.path,
        actor: event.actorUsername,
        occurredAt: event.occurredAt.toISOString(),
        windowSeconds: webhook.digest?.windowSeconds ?? 0,
      });
      digest.waiters.push({ resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), LINGER_MS);
    });
  }

  /** Sends every gathered event now: at shutdown, and when a sweep has routed its whole batch. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const digests = [...this.pending.values()];
    this.pending = new Map();
    await Promise.all(digests.map((digest) => this.send(digest)));
  }

  private async send(digest: PendingDigest): Promise<void> {
    try {
      for (let start = 0; start < digest.events.length; start += EVENTS_PER_SIGNAL) {
        await this.starter.signalDigest({ webhookId: digest.webhookId, repository: digest.repository }, { events: digest.events.slice(start, start + EVENTS_PER_SIGNAL) });
      }
      for (const waiter of digest.waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of digest.waiters) waiter.reject(error);
    }
  }
}
