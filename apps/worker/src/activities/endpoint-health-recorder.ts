import { log } from '@temporalio/activity';
import { AuditEntry, forUpdate, Webhook } from '@herald/persistence';
import type { ActivityDeps } from './activity-deps';
import { afterFailure, afterSuccess, type HealthChange } from './endpoint-health';

export type DeliveryEnd = 'succeeded' | 'failed';

/** Audit actions of endpoint health; the actor is null: Herald did it, not an admin. */
export const HEALTH_AUDIT_ACTIONS: Record<HealthChange, string> = {
  paused: 'webhook.auto_paused',
  disabled: 'webhook.auto_disabled',
  recovered: 'webhook.auto_recovered',
};

/**
 * Applies a delivery's end to its webhook's health (endpoint-health.ts), audits a change and
 * announces it. Never throws: the delivery itself is already recorded, and a failure here must
 * not make the workflow send it again.
 */
export function endpointHealthRecorder(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());

  async function apply(webhookId: string, end: DeliveryEnd): Promise<{ webhook: Webhook; change: HealthChange } | null> {
    return deps.orm.em.fork().transactional(async (tx) => {
      // Locked, so that two failures ending together both count.
      const webhook = await tx.findOne(Webhook, { id: webhookId }, forUpdate(deps.config.database));
      if (!webhook) return null;
      const at = now();
      const verdict = end === 'failed' ? afterFailure(webhook, at) : afterSuccess(webhook);
      const { consecutiveFailures, pausedUntil, disabledAt } = verdict.health;
      if (consecutiveFailures === webhook.consecutiveFailures && pausedUntil === webhook.pausedUntil && disabledAt === webhook.disabledAt) return null;
      Object.assign(webhook, { consecutiveFailures, pausedUntil, disabledAt });
      if (!verdict.change) return null;
      tx.create(AuditEntry, {
        actor: null,
        action: HEALTH_AUDIT_ACTIONS[verdict.change],
        subjectType: 'webhook',
        subjectId: webhook.id,
        detail: { consecutiveFailures, pausedUntil: pausedUntil?.toISOString() ?? null },
        createdAt: at,
      });
      return { webhook, change: verdict.change };
    });
  }

  /** `known`: the webhook as the caller read it, which lets a success to a healthy endpoint (the common case) cost no write. */
  return async function recordDeliveryEnd(webhookId: string, end: DeliveryEnd, known?: Pick<Webhook, 'consecutiveFailures' | 'pausedUntil' | 'disabledAt'>): Promise<void> {
    if (end === 'succeeded' && known && known.consecutiveFailures === 0 && known.pausedUntil === null && known.disabledAt === null) return;
    try {
      const changed = await apply(webhookId, end);
      if (!changed) return;
      log.warn(`webhook ${changed.webhook.id} ${changed.change} by endpoint health after ${changed.webhook.consecutiveFailures} failed deliveries in a row`);
      if (deps.announcer && changed.webhook.targetType === 'email' && changed.webhook.targetAddress) {
        await deps.announcer.announce({
          webhookId: changed.webhook.id,
          repository: changed.webhook.repository,
          change: changed.change,
          consecutiveFailures: changed.webhook.consecutiveFailures,
          pausedUntil: changed.webhook.pausedUntil,
          to: changed.webhook.targetAddress,
        });
      }
    } catch (error) {
      log.error(`could not record the health of webhook ${webhookId}`, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}
