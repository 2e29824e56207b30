import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { Webhook } from '@herald/persistence';
import { hasSubscribers, subscribersOf, type RoutableEvent, type Subscribers, type SubscribingWebhook } from '@herald/subscriptions';

/** How often each API process asks whether any process changed a webhook: well within a second. */
export const SUBSCRIPTION_POLL_MS = 250;

/** What the index keeps of an active webhook: enough to route, nothing secret. */
export interface IndexedWebhook extends SubscribingWebhook {
  repository: string;
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
 * event asks no database whether anyone listens. It is read whole at boot and again whenever the
 * `subscription_version` row moved (triggers on the webhook table move it, whichever process
 * wrote); every process polls that one row every SUBSCRIPTION_POLL_MS, and a process that changed
 * a webhook itself reloads before it answers (`changed`).
 */
@Injectable()
export class SubscriptionIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SubscriptionIndex');
  private byRepository = new Map<string, IndexedWebhook[]>();
  /** The version the index was read at; null until the first read succeeded. */
  private version: string | null = null;
  private loading: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private failing = false;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), SUBSCRIPTION_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Whether anyone would hear of the event. While the index is unknown the answer is yes, so the
   * event is recorded and its dispatch waits for the index rather than being dropped.
   */
  wants(event: IndexedEvent): boolean {
    return this.version === null || hasSubscribers(this.subscribers(event));
  }

  /** The webhooks that subscribe to the event, by the subscription rule of libs/subscriptions. */
  subscribers(event: IndexedEvent): Subscribers<IndexedWebhook> {
    if (this.version === null) throw new SubscriptionsUnknownError();
    return subscribersOf(event, this.byRepository.get(event.repository) ?? []);
  }

  /** Reads the index again after this process changed a webhook, so its next request honours it. */
  changed(): Promise<void> {
    return this.reload();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if ((await this.readVersion()) !== this.version) await this.reload();
      if (this.failing) this.logger.log('the subscription index is read again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`could not read the subscription index (it stays as it was): ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }

  /** One load at a time, each after the one before: a load asked for after a commit sees it. */
  private reload(): Promise<void> {
    const next = this.loading.catch(() => undefined).then(() => this.load());
    this.loading = next;
    return next;
  }

  private async load(): Promise<void> {
    // The version first: a change that lands between the two reads moves it again, and the next poll reloads.
    const version = await this.readVersion();
    const webhooks = await this.orm.em.fork().find(Webhook, { active: true }, { fields: ['id', 'repository', 'events', 'filters', 'digest'], orderBy: { createdAt: 'asc', id: 'asc' } });
    const byRepository = new Map<string, IndexedWebhook[]>();
    for (const { id, repository, events, filters, digest } of webhooks) {
      const list = byRepository.get(repository) ?? [];
      list.push({ id, repository, events, filters, digest });
      byRepository.set(repository, list);
    }
    this.byRepository = byRepository;
    this.version = version;
  }

  private async readVersion(): Promise<string> {
    const { database } = this.config;
    const table = database.dialect === 'postgresql' && database.schema ? `"${database.schema.replace(/"/g, '')}"."subscription_version"` : '"subscription_version"';
    const rows = await this.orm.em.getConnection().execute<Array<{ version: number | string }>>(`select "version" from ${table} where "id" = 1`);
    if (rows.length === 0) throw new Error('subscription_version has no row: run the migrations');
    return String(rows[0].version);
  }
}
