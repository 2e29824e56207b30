import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { SubscribableEventType, WebhookDigest, WebhookFilters, WebhookTarget } from '@herald/contracts';
import { TargetPolicy } from '@herald/networking';
import { SecretBox, Webhook, generateSigningSecret, sameTarget, sealFirstSecret, storeTarget, storedTarget } from '@herald/persistence';
import { AuditLog, type AuditActor } from '../../audit/audit-log.service';
import { InvalidWebhookError, WebhookNotFoundError, assertPlausibleWebhookId } from '../webhook-errors';
import { CHANGEABLE_FIELD_RULES, fieldProblems, normaliseDigest, normaliseFilters } from '../webhook-rules';
import { parseTarget } from '../webhook-target';
import type { WebhookResponse } from '../dto/webhook.response';
import { WebhookPresenter } from '../webhook.presenter';
import { SubscriptionIndex } from '../../subscriptions/subscription-index';

/** The fields to change; a field left undefined keeps its value, `null` clears an optional one. */
export interface WebhookChanges {
  events?: string[];
  active?: boolean;
  target?: { type: string; url?: string; to?: string };
  description?: string | null;
  filters?: Partial<WebhookFilters> | null;
  digest?: WebhookDigest | null;
}

export interface UpdateWebhookCommand {
  id: string;
  actor: AuditActor;
  changes: WebhookChanges;
}

/**
 * Changes a webhook. A JSON URL that changes keeps its signing secret; a change of target type
 * is validated like a new target, and a new JSON target gets a new secret (in this answer
 * only) while any other type drops the secrets. `active: false` pauses, `active: true`
 * resumes and clears the endpoint-health pause. Audited without the values of secrets.
 */
@Injectable()
export class UpdateWebhookUseCase {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly box: SecretBox,
    private readonly policy: TargetPolicy,
    private readonly audit: AuditLog,
    private readonly presenter: WebhookPresenter,
    private readonly subscriptions: SubscriptionIndex,
  ) {}

  async execute(command: UpdateWebhookCommand): Promise<WebhookResponse> {
    const { changes } = command;
    assertPlausibleWebhookId(command.id);
    const problems = fieldProblems({ ...changes }, CHANGEABLE_FIELD_RULES, []);
    const target = changes.target === undefined ? null : parseTarget(changes.target).target;
    if (problems.length > 0 || (changes.target !== undefined && !target)) throw new InvalidWebhookError(problems);

    const em = this.orm.em.fork();
    const webhook = await em.findOne(Webhook, { id: command.id });
    if (!webhook) throw new WebhookNotFoundError(command.id);
    const newTarget = target && !sameTarget(target, storedTarget(this.box, webhook)) ? target : null;
    if (newTarget) {
      const policyProblems = await this.policy.problems(newTarget);
      if (policyProblems.length > 0) throw new InvalidWebhookError(policyProblems);
    }

    const now = new Date();
    const changed: string[] = [];
    const secret = newTarget ? this.changeTarget(webhook, newTarget) : undefined;
    if (newTarget) changed.push('target');
    if (changes.events !== undefined && !sameList(changes.events, webhook.events)) {
      webhook.events = changes.events as SubscribableEventType[];
      changed.push('events');
    }
    if (changes.description !== undefined && changes.description !== webhook.description) {
      webhook.description = changes.description;
      changed.push('description');
    }
    if (changes.filters !== undefined) {
      const filters = normaliseFilters(changes.filters);
      // Normalised on both sides: PostgreSQL's jsonb hands keys back in its own order.
      if (JSON.stringify(filters) !== JSON.stringify(normaliseFilters(webhook.filters))) changed.push('filters');
      webhook.filters = filters;
    }
    if (changes.digest !== undefined) {
      const digest = normaliseDigest(changes.digest);
      if (JSON.stringify(digest) !== JSON.stringify(webhook.digest)) changed.push('digest');
      webhook.digest = digest;
    }
    const activity = changes.active === undefined ? null : changeActivity(webhook, changes.active, now);

    const audit = (action: string, detail: Record<string, unknown>) =>
      this.audit.record(em, { actor: command.actor, action, subjectType: 'webhook', subjectId: webhook.id, detail }, now);
    if (changed.length > 0) audit('webhook.updated', { fields: changed, ...(newTarget ? { targetType: newTarget.type, newSecret: secret !== undefined } : {}) });
    if (activity) audit(`webhook.${activity}`, {});
    if (changed.length > 0 || activity) webhook.updatedAt = now;
    await em.flush();
    await this.subscriptions.changed();
    return this.presenter.present(webhook, { secret, now });
  }

  /** Stores the new target; returns the new signing secret when one was made. */
  private changeTarget(webhook: Webhook, target: WebhookTarget): string | undefined {
    const wasJson = webhook.targetType === 'json';
    storeTarget(this.box, webhook, target);
    if (target.type !== 'json') {
      webhook.signingSecrets = null;
      return undefined;
    }
    if (wasJson && webhook.signingSecrets) return undefined;
    const secret = generateSigningSecret();
    webhook.signingSecrets = sealFirstSecret(this.box, secret);
    return secret;
  }
}

/** `paused` or `resumed` when the request changes anything; resuming also clears a health pause. */
function changeActivity(webhook: Webhook, active: boolean, now: Date): 'paused' | 'resumed' | null {
  if (!active) {
    if (!webhook.active) return null;
    webhook.active = false;
    return 'paused';
  }
  const held = webhook.disabledAt !== null || (webhook.pausedUntil !== null && webhook.pausedUntil > now);
  if (webhook.active && !held) return null;
  webhook.active = true;
  webhook.disabledAt = null;
  webhook.pausedUntil = null;
  webhook.consecutiveFailures = 0;
  return 'resumed';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}
