import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import { Delivery, Webhook } from '@herald/persistence';
import { WebhookNotFoundError } from '../../webhooks/webhook-errors';
import { decodeCursor, encodeCursor } from '../delivery-cursor';
import { DEFAULT_PAGE_SIZE } from '../dto/list-deliveries.query';

export interface ListWebhookDeliveriesCommand {
  webhookId: string;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface DeliveryPage {
  items: Delivery[];
  nextCursor: string | null;
}

/** A webhook's deliveries, newest first, a page at a time (keyset on createdAt, then id). */
@Injectable()
export class ListWebhookDeliveriesUseCase {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  async execute(command: ListWebhookDeliveriesCommand): Promise<DeliveryPage> {
    const em = this.orm.em.fork();
    if (!(await em.count(Webhook, { id: command.webhookId }))) throw new WebhookNotFoundError(command.webhookId);
    const limit = command.limit ?? DEFAULT_PAGE_SIZE;
    const where: FilterQuery<Delivery> = { webhookId: command.webhookId };
    if (command.cursor) {
      const after = decodeCursor(command.cursor);
      where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    }
    // One more than asked tells whether another page follows.
    const rows = await em.find(Delivery, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
  }
}
