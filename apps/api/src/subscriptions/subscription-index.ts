import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Webhook } from '@herald/persistence';
import { hasSubscribers, subscribersOf, type RoutableEvent, type Subscribers, type SubscribingWebhook } from '@herald/subscriptions';
import { ChangeWatch } from '../common/change-watch';

/** What the index keeps of an active webhook: enough to route, nothing secret. */
export interface IndexedWebhook extends SubscribingWebhook {
  repository: string;
  targetType: string;
}

export interface IndexedEvent extends RoutableEvent {
  repository: string;
}

/** The index has not been read yet (the database was down at boot): who subscribes is unknown. */
export class SubscriptionsUnknownError extends Error {
  constructor() {
    super('the subscription index is not loaded yet');
  }
}

/**
 * Which active webhooks of which repository subscribe to what, in memory, so that recording an
 * event asks no database whether anyone listens. Read whole at boot and again whenever any
 * process changed a webhook (ChangeWatch, within a second); a process that changed one itself
 * reads it again before it answers (`changed`).
 */
@Injectable()
export class SubscriptionIndex {
  private byRepository: Map<string, IndexedWebhook[]> | null = null;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    changes: ChangeWatch,
  ) {
    changes.on('webhooks', () => this.reload());
  }

  /**
   * Whether anyone would hear of the event. While the index is unknown the answer is yes, so the
   * event is recorded and its dispatch waits for the index rather than being dropped.
   */
  wants(event: IndexedEvent): boolean {
    return this.byRepository === null || hasSubscribers(this.subscribers(event));
  }

  /** The webhooks that subscribe to the event, by the subscription rule of libs/subscriptions. */
  subscribers(event: IndexedEvent): Subscribers<IndexedWebhook> {
    if (this.byRepository === null) throw new SubscriptionsUnknownError();
    return subscribersOf(event, this.byRepository.get(event.repository) ?? []);
  }

  /** Reads the index again after this process changed a webhook, so its next request honours it. */
  changed(): Promise<void> {
    return this.reload();
  }

  /** One read at a time, each after the one before: a read asked for after a commit sees it. */
  private reload(): Promise<void> {
    const next = this.loading.catch(() => undefined).then(() => this.load());
    this.loading = next;
    return next;
  }

  private async load(): Promise<void> {
    const webhooks = await this.orm.em.fork().find(Webhook, { active: true }, { fields: ['id', 'repository', 'targetType', 'events', 'filters', 'digest'], orderBy: { createdAt: 'asc', id: 'asc' } });
    const byRepository = new Map<string, IndexedWebhook[]>();
    for (const { id, repository, targetType, events, filters, digest } of webhooks) {
      const list = byRepository.get(repository) ?? [];
      list.push({ id, repository, targetType, events, filters, digest });
      byRepository.set(repository, list);
    }
    this.byRepository = byRepository;
  }
}
