import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { SubscribableEventType, WebhookDigest, WebhookFilters } from '@herald/contracts';
import { TargetPolicy } from '@herald/networking';
import { ArtifactRepository, SecretBox, Webhook, generateSigningSecret, sealFirstSecret, storeTarget } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { InvalidWebhookError } from '../webhook-errors';
import { WEBHOOK_RULES, fieldProblems, normaliseDigest, normaliseFilters } from '../webhook-rules';
import { parseTarget } from '../webhook-target';
import type { WebhookResponse } from '../dto/webhook.response';
import { WebhookPresenter } from '../webhook.presenter';
import { SubscriptionIndex } from '../../subscriptions/subscription-index';

/** What an admin asks for; values are checked here, whoever the caller (REST API or portal). */
export interface CreateWebhookCommand {
  actor: AuditActor;
  repository: string;
  target: { type: string; url?: string; to?: string };
  events: string[];
  description?: string | null;
  active?: boolean;
  filters?: Partial<WebhookFilters> | null;
  digest?: WebhookDigest | null;
}

const REQUIRED = ['repository', 'target', 'events'] as const;

/** Creates a webhook; a JSON target gets its signing secret, returned in this answer only. */
@Injectable()
export class CreateWebhookUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly box: SecretBox,
    private readonly policy: TargetPolicy,
    private readonly audit: AuditLog,
    private readonly presenter: WebhookPresenter,
    private readonly subscriptions: SubscriptionIndex,
  ) {}

  async execute(command: CreateWebhookCommand): Promise<WebhookResponse> {
    const { actor, ...fields } = command;
    const problems = fieldProblems(fields, WEBHOOK_RULES, REQUIRED);
    const { target } = parseTarget(command.target);
    if (problems.length > 0 || !target) throw new InvalidWebhookError(problems);

    const em = this.orm.em.fork();
    const repositoryExists = (await em.count(ArtifactRepository, { name: command.repository })) > 0;
    const found = [...(repositoryExists ? [] : [`repository ${JSON.stringify(command.repository)} does not exist`]), ...(await this.policy.problems(target))];
    if (found.length > 0) throw new InvalidWebhookError(found);

    const secret = target.type === 'json' ? generateSigningSecret() : undefined;
    const now = new Date();
    const webhook = em.create(Webhook, {
      repository: command.repository,
      targetType: target.type,
      events: command.events as SubscribableEventType[],
      description: command.description ?? null,
      active: command.active ?? true,
      filters: normaliseFilters(command.filters),
      digest: normaliseDigest(command.digest),
      signingSecrets: secret ? sealFirstSecret(this.box, secret) : null,
      createdBy: actor.username,
      createdAt: now,
      updatedAt: now,
    });
    storeTarget(this.box, webhook, target);
    this.audit.record(em, {
      actor,
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: webhook.id,
      detail: { repository: webhook.repository, targetType: webhook.targetType, events: webhook.events, active: webhook.active },
    }, now);
    await em.flush();
    await this.subscriptions.changed();
    return this.presenter.present(webhook, { secret, now });
  }
}
