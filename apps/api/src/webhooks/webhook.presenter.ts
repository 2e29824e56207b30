import { Injectable } from '@nestjs/common';
import { maskedTarget, SecretBox, type Webhook } from '@herald/persistence';
import type { WebhookHealthResponse, WebhookResponse } from './dto/webhook.response';

/** A webhook as admins see it: credentials masked (webhook-targets.ts), the signing secret only when just made. */
@Injectable()
export class WebhookPresenter {
  constructor(private readonly box: SecretBox) {}

  present(webhook: Webhook, options: { secret?: string; now?: Date } = {}): WebhookResponse {
    const response: WebhookResponse = {
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
    if (options.secret !== undefined) response.secret = options.secret;
    return response;
  }
}

/**
 * Disabled (by repeated failures, until an admin resumes it) outranks a timed pause. The worker
 * writes these fields (apps/worker/src/activities/endpoint-health.ts); this is how they read.
 */
export function webhookHealth(webhook: Pick<Webhook, 'consecutiveFailures' | 'pausedUntil' | 'disabledAt'>, now: Date): WebhookHealthResponse {
  const paused = webhook.pausedUntil !== null && webhook.pausedUntil > now;
  return {
    status: webhook.disabledAt ? 'disabled' : paused ? 'paused' : 'healthy',
    consecutiveFailures: webhook.consecutiveFailures,
    pausedUntil: paused && webhook.pausedUntil ? webhook.pausedUntil.toISOString() : null,
  };
}
