import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { Webhook } from '@herald/persistence';
import type { AuditEntryResponse } from '../../audit/audit-entry.response';
import { ListAuditUseCase, MAX_AUDIT_PAGE } from '../../audit/list-audit.usecase';
import { WebhookNotFoundError, assertPlausibleWebhookId } from '../webhook-errors';

export interface ListWebhookAuditQuery {
  id: string;
}

/**
 * Who created, changed, paused, resumed, rotated or deleted a webhook, newest first. The trail
 * outlives the webhook, so a deleted one still shows who deleted it.
 */
@Injectable()
export class ListWebhookAuditUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: ListAuditUseCase,
  ) {}

  async execute(query: ListWebhookAuditQuery): Promise<AuditEntryResponse[]> {
    assertPlausibleWebhookId(query.id);
    const { items } = await this.audit.execute({ subject: query.id, limit: MAX_AUDIT_PAGE });
    if (items.length === 0 && (await this.orm.em.fork().count(Webhook, { id: query.id })) === 0) throw new WebhookNotFoundError(query.id);
    return items;
  }
}
