import { Injectable } from '@nestjs/common';
import type { HealthStatus, SubscribableEventType, WebhookDigest, WebhookFilters } from '@herald/contracts';
import { SecretBox, type Webhook } from '@herald/persistence';
import { maskSlackUrl } from './webhook-target';

export type TargetView = { type: 'email'; to: string } | { type: 'json'; url: string } | { type: 'slack'; url: string };

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
      target: this.target(webhook),
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

  private target(webhook: Webhook): TargetView {
    switch (webhook.targetType) {
      case 'email':
        return { type: 'email', to: webhook.targetAddress ?? '' };
      case 'json':
        return { type: 'json', url: webhook.targetAddress ?? '' };
      case 'slack':
        return { type: 'slack', url: this.maskedSlackUrl(webhook.targetSecretUrl) };
    }
  }

  /** A URL sealed under another key still lists, masked entirely, rather than failing the page. */
  private maskedSlackUrl(sealed: string | null): string {
    if (!sealed) return '****';
    try {
      return maskSlackUrl(this.box.open(sealed));
    } catch {
      return '****';
    }
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
