import { Injectable } from '@nestjs/common';
import type { HealthStatus, SubscribableEventType, WebhookDigest, WebhookFilters, WebhookTarget } from '@herald/contracts';
import { maskedTarget, SecretBox, type Webhook } from '@herald/persistence';

/** A target as answered: the Slack URL masked (webhook-targets.ts). */
export type TargetView = WebhookTarget;

export interface WebhookHealthView {
  status: HealthStatus;
  consecutiveFailures: number;
  pausedUntil: string | null;
}

/** A webhook as admins see it: credentials masked, the signing secret only when just made. */
export interface WebhookView {
  id: string;
  repository: string;
  target: TargetView;
  events: SubscribableEventType[];
  description: string | null;
  active: boolean;
  filters: WebhookFilters | null;
  digest: WebhookDigest | null;
  health: WebhookHealthView;
  createdAt: string;
  updatedAt: string;
  /** Present only in the answer that created the secret (create, or a change to a json target). */
  secret?: string;
}

@Injectable()
export class WebhookPresenter {
  constructor(private readonly box: SecretBox) {}

  present(webhook: Webhook, options: { secret?: string; now?: Date } = {}): WebhookView {
    const view: WebhookView = {
      id: webhook.id,
      repository: webhook.repository,
      target: maskedTarget(this.box, webhook),
      events: [...webhook.events],
      description: webhook.description,
      active: webhook.active,
      filters: webhook.filters,
      digest: webhook.digest,
      health: webhookHealth(webhook, options.now ?? new Date()),
      createdAt: webhook.createdAt.toISOString(),
      updatedAt: webhook.updatedAt.toISOString(),
    };
    if (options.secret !== undefined) view.secret = options.secret;
    return view;
  }
}

/**
 * Disabled (by repeated failures, until an admin resumes it) outranks a timed pause. The worker
 * writes these fields (apps/worker/src/activities/endpoint-health.ts); this is how they read.
 */
export function webhookHealth(webhook: Pick<Webhook, 'consecutiveFailures' | 'pausedUntil' | 'disabledAt'>, now: Date): WebhookHealthView {
  const paused = webhook.pausedUntil !== null && webhook.pausedUntil > now;
  return {
    status: webhook.disabledAt ? 'disabled' : paused ? 'paused' : 'healthy',
    consecutiveFailures: webhook.consecutiveFailures,
    pausedUntil: paused && webhook.pausedUntil ? webhook.pausedUntil.toISOString() : null,
  };
}
