import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import type { EventType } from '@herald/contracts';
import { FileEvent } from '@herald/persistence';

export interface ListEventsCommand {
  repository?: string;
  type?: EventType;
  limit: number;
  /** An event id: only events older than it. */
  before?: string;
}

export interface EventPage {
  events: FileEvent[];
  nextCursor: string | null;
}

/** Recent events, newest first, a page at a time. */
@Injectable()
export class ListEventsUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(command: ListEventsCommand): Promise<EventPage> {
    const em = this.orm.em.fork();
    const where: FilterQuery<FileEvent>[] = [];
    if (command.repository) where.push({ repository: command.repository });
    if (command.type) where.push({ type: command.type });
    if (command.before) {
      const cursor = await em.findOne(FileEvent, { id: command.before });
      if (!cursor) return { events: [], nextCursor: null };
      where.push({ $or: [{ occurredAt: { $lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { $lt: cursor.id } }] });
    }
    const found = await em.find(FileEvent, where.length > 0 ? { $and: where } : {}, { orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], limit: command.limit + 1 });
    const events = found.slice(0, command.limit);
    return { events, nextCursor: found.length > command.limit ? events[events.length - 1].id : null };
  }
}
