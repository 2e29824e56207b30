import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/core';
import { Delivery, Webhook } from '@herald/persistence';
import { WebhookNotFoundError } from '../../webhooks/webhook-errors';
import { keysetPage, NEWEST_FIRST, olderThan } from '../../common/keyset-cursor';
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
    const where = { webhookId: command.webhookId, ...(command.cursor ? olderThan(command.cursor) : {}) } as FilterQuery<Delivery>;
    return keysetPage(await em.find(Delivery, where, { orderBy: NEWEST_FIRST, limit: limit + 1 }), limit);
  }
}
