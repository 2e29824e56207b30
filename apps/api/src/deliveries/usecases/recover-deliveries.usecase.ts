import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { Delivery, Webhook } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { WebhookNotFoundError, assertPlausibleWebhookId } from '../../webhooks/webhook-errors';
import { webhookHealth } from '../../webhooks/webhook.presenter';
import { RecoveryInterruptedError, TemporalUnavailableError, WebhookPausedError } from '../redelivery-errors';
import { RedeliverUseCase } from './redeliver.usecase';

export interface RecoverDeliveriesCommand {
  webhookId: string;
  since: Date;
  actor: AuditActor;
}

/** Events recovered per call, oldest first; a further call goes on where this one stopped. */
export const RECOVER_LIMIT = 1_000;
/** Redeliveries started at once: quick for a backlog, gentle on Temporal's frontend. */
const CONCURRENCY = 4;
/** Ids per `in (…)` list, well under SQLite's bound on statement variables. */
const CHUNK = 500;

/**
 * After an outage: every event whose delivery to this webhook failed since `since` (including
 * deliveries held back while endpoint health paused it) is redelivered once, through
 * RedeliverUseCase. An event already delivered, or being delivered, since is left alone, so
 * calling again is safe. Test fires are not recovered: they were checks, not news.
 */
@Injectable()
export class RecoverDeliveriesUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly audit: AuditLog,
    private readonly redeliver: RedeliverUseCase,
  ) {}

  async execute(command: RecoverDeliveriesCommand): Promise<string[]> {
    assertPlausibleWebhookId(command.webhookId);
    const em = this.orm.em.fork();
    const webhook = await em.findOne(Webhook, { id: command.webhookId });
    if (!webhook) throw new WebhookNotFoundError(command.webhookId);
    if (!webhook.active || webhookHealth(webhook, new Date()).status !== 'healthy') throw new WebhookPausedError(webhook.id);

    const toRedeliver = await this.failedEvents(em, webhook.id, command.since);
    const started: string[] = [];
    let next = 0;
    let interrupted = false;
    const lane = async () => {
      while (!interrupted && next < toRedeliver.length) {
        const delivery = toRedeliver[next++];
        try {
          started.push((await this.redeliver.execute({ deliveryId: delivery.id, actor: command.actor, audited: false })).id);
        } catch (error) {
          if (!(error instanceof TemporalUnavailableError)) throw error;
          interrupted = true;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));

    this.audit.record(em, { actor: command.actor, action: 'webhook.recovered', subjectType: 'webhook', subjectId: webhook.id, detail: { since: command.since.toISOString(), redelivered: started.length, complete: !interrupted } });
    await em.flush();
    if (interrupted) throw new RecoveryInterruptedError(started.length);
    return started;
  }

  /** The latest failed delivery of each event that failed since `since` and was not delivered since. */
  private async failedEvents(em: EntityManager, webhookId: string, since: Date): Promise<Delivery[]> {
    const failed = await em.find(
      Delivery,
      { webhookId, status: 'failed', eventType: { $ne: 'webhook.test' }, createdAt: { $gte: since } },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: RECOVER_LIMIT * 10 },
    );
    const latest = new Map<string, Delivery>();
    for (const delivery of failed) latest.set(delivery.eventId, delivery);
    const eventIds = [...latest.keys()];
    for (let i = 0; i < eventIds.length; i += CHUNK) {
      const settled = await em.find(Delivery, { webhookId, eventId: { $in: eventIds.slice(i, i + CHUNK) }, status: { $ne: 'failed' } }, { fields: ['eventId'] });
      for (const delivery of settled) latest.delete(delivery.eventId);
    }
    return [...latest.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, RECOVER_LIMIT);
  }
}
