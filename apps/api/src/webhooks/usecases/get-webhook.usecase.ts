import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Webhook } from '@herald/persistence';
import { WebhookNotFoundError, assertPlausibleWebhookId } from '../webhook-errors';
import type { WebhookResponse } from '../dto/webhook.response';
import { WebhookPresenter } from '../webhook.presenter';

export interface GetWebhookQuery {
  id: string;
}

/** One webhook, its Slack URL masked and no secret. */
@Injectable()
export class GetWebhookUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly presenter: WebhookPresenter,
  ) {}

  async execute(query: GetWebhookQuery): Promise<WebhookResponse> {
    assertPlausibleWebhookId(query.id);
    const webhook = await this.orm.em.fork().findOne(Webhook, { id: query.id });
    if (!webhook) throw new WebhookNotFoundError(query.id);
    return this.presenter.present(webhook);
  }
}
