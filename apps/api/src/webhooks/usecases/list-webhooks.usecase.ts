import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Webhook } from '@herald/persistence';
import type { WebhookResponse } from '../dto/webhook.response';
import { WebhookPresenter } from '../webhook.presenter';

export interface ListWebhooksQuery {
  /** Only this repository's webhooks; every webhook when absent or empty. */
  repository?: string;
}

/** Webhooks in creation order, masked like every other read. */
@Injectable()
export class ListWebhooksUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly presenter: WebhookPresenter,
  ) {}

  async execute(query: ListWebhooksQuery = {}): Promise<WebhookResponse[]> {
    const where = query.repository ? { repository: query.repository } : {};
    const webhooks = await this.orm.em.fork().find(Webhook, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const now = new Date();
    return webhooks.map((webhook) => this.presenter.present(webhook, { now }));
  }
}
