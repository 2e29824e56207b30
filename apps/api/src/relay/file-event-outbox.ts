import { Inject, Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { FileEvent } from '@herald/persistence';

/**
 * The file_event table seen as an outbox: which events still wait for their workflow, and
 * marking them dispatched once Temporal accepted the start.
 */
@Injectable()
export class FileEventOutbox {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  /**
   * Claims up to `limit` undispatched events recorded before `recordedBefore`, oldest first,
   * hands them to `dispatch`, and marks dispatched the ids it returns. On PostgreSQL the rows
   * stay locked (`for update skip locked`) until then, so API replicas sweeping at the same
   * moment take disjoint batches. SQLite has one writer: a plain select, and no transaction
   * held across the network calls, which would stall every upload behind it.
   */
  async claim(limit: number, recordedBefore: Date, dispatch: (events: FileEvent[]) => Promise<string[]>): Promise<number> {
    const where = { dispatchedAt: null, occurredAt: { $lt: recordedBefore } };
    const options = { orderBy: { occurredAt: 'asc' as const, id: 'asc' as const }, limit };
    if (this.config.database.dialect === 'postgresql') {
      return this.orm.em.fork().transactional(async (tx) => {
        const events = await tx.find(FileEvent, where, { ...options, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
        await this.mark(tx, await dispatch(events));
        return events.length;
      });
    }
    const em = this.orm.em.fork();
    const events = await em.find(FileEvent, where, options);
    await this.mark(em, await dispatch(events));
    return events.length;
  }

  /** Marks events dispatched; one statement for the lot. */
  async markDispatched(ids: string[]): Promise<void> {
    await this.mark(this.orm.em.fork(), ids);
  }

  private async mark(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.nativeUpdate(FileEvent, { id: { $in: ids }, dispatchedAt: null }, { dispatchedAt: new Date() });
  }
}
