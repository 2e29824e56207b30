import { Inject, Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/core';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { FileEvent, tableOf } from '@herald/persistence';

/** The outbox of the whole database at one moment: what an operator pages on. */
export interface OutboxBacklog {
  /** Events recorded and not yet handed to Temporal. */
  events: number;
  /** How long the oldest of them has waited; 0 when none waits. */
  oldestSeconds: number;
}

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

  /**
   * One statement on the dispatched_at index, so a scrape stays cheap and every API process
   * reports the same figure. On PostgreSQL the age is by the database's clock, which all replicas
   * share; SQLite's clock is the host's own.
   */
  async backlog(): Promise<OutboxBacklog> {
    const age = this.config.database.dialect === 'postgresql' ? `extract(epoch from now() - min("occurred_at"))` : `(unixepoch('subsec') * 1000 - min("occurred_at")) / 1000.0`;
    const row: { events: number | string; oldest_seconds: number | string | null } = await this.orm.em
      .getConnection()
      .execute(`select count(*) as "events", ${age} as "oldest_seconds" from ${tableOf(this.config.database, 'file_event')} where "dispatched_at" is null`, [], 'get');
    // A host whose clock runs ahead may have written an event "in the future".
    return { events: Number(row.events), oldestSeconds: Math.max(0, Number(row.oldest_seconds ?? 0)) };
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
