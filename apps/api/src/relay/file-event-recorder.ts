import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import type { FileEvent } from '@herald/persistence';
import { SubscriptionIndex } from '../subscriptions/subscription-index';
import { EventRelayService } from './event-relay.service';
import { FileEventGroupCommit } from './file-event-group-commit';

/**
 * Writes file events into the outbox, asking the subscription index whether anyone listens:
 *
 * - An upload or a delete changes state, so its event is always a row, written in the change's
 *   own transaction. Born dispatched when nobody subscribes: it stays listed among the events
 *   and costs the workflow engine nothing.
 * - A download nobody subscribes to is no row at all (its file's download count records it).
 *   One that someone subscribes to is committed by group commit before the request is
 *   answered, then dispatched.
 */
@Injectable()
export class FileEventRecorder {
  constructor(
    private readonly subscriptions: SubscriptionIndex,
    private readonly groupCommit: FileEventGroupCommit,
    private readonly relay: EventRelayService,
  ) {}

  /** Adds an upload's or a delete's event to the caller's transaction. */
  addToTransaction(tx: EntityManager, event: FileEvent): FileEvent {
    if (!this.subscriptions.wants(event)) event.dispatchedAt = event.occurredAt;
    tx.persist(event);
    return event;
  }

  /** After the transaction of `addToTransaction` committed: the relay takes it from here. */
  committed(event: FileEvent): void {
    if (event.dispatchedAt === null) this.relay.dispatchSoon(event);
  }

  /** Whether a download of `path` is worth an event: asked before one is built. */
  wantsDownload(repository: string, path: string): boolean {
    // Maven coordinates matter to the rule only for uploads (version announcements).
    return this.subscriptions.wants({ type: 'file.downloaded', repository, path, maven: null });
  }

  /** Records a subscribed download durably; resolves once it is committed, and dispatches it. */
  async recordDownload(event: FileEvent): Promise<void> {
    await this.groupCommit.write(event);
    this.relay.dispatchSoon(event);
  }
}
