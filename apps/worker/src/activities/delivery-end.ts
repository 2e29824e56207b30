import type { DeliveryStatus } from '@herald/contracts';
import type { DeliveryError } from '@herald/channels';
import type { AttemptOutcome } from './attempt-meter';
import { isHeld, type EndpointHealth } from './endpoint-health';
import type { AttemptRecord, AttemptSubject, EndpointEnd } from './delivery-store';

const ERROR_LIMIT = 1024;

/** The delivery's state after an attempt: a success or a permanent failure ends it, a retryable one only when it was the last. */
export function deliveryEnd(outcome: AttemptOutcome, isFinal: boolean): { status: Exclude<DeliveryStatus, 'pending'>; ends: boolean } {
  if (outcome === 'succeeded') return { status: 'succeeded', ends: true };
  if (outcome === 'permanent' || isFinal) return { status: 'failed', ends: true };
  return { status: 'retrying', ends: false };
}

/** Why the attempt must not be made; a test fire reaches even a paused webhook, to check a fix. */
export function skipReason(subject: Pick<AttemptSubject, 'webhook' | 'event'>, now: Date): string | null {
  const { webhook, event } = subject;
  if (!webhook) return 'the webhook was deleted';
  if (!event) return 'the event no longer exists';
  if (event.type === 'webhook.test') return null;
  if (!webhook.active) return 'the webhook is paused';
  if (isHeld(webhook, now)) return 'the webhook is paused after repeated failures';
  return null;
}

/**
 * What an ended delivery tells its endpoint's health: nothing while it retries, nothing for a
 * test fire (an admin checking a fix), and nothing for a success to a healthy endpoint, the
 * common case, which then costs no write.
 */
export function endpointEnd(status: DeliveryStatus, isTestFire: boolean, health: EndpointHealth): EndpointEnd | null {
  if (isTestFire || (status !== 'succeeded' && status !== 'failed')) return null;
  if (status === 'succeeded' && health.consecutiveFailures === 0 && health.pausedUntil === null && health.disabledAt === null) return null;
  return status;
}

export interface AttemptFacts {
  subject: AttemptSubject & { webhook: NonNullable<AttemptSubject['webhook']>; event: NonNullable<AttemptSubject['event']> };
  number: number;
  isFinal: boolean;
  outcome: AttemptOutcome;
  failure: DeliveryError | null;
  statusCode: number | null;
  responseBody: string | null;
  startedAt: Date;
  endedAt: Date;
}

/** The row of the attempt and the delivery's new state, as the store writes them in one transaction. */
export function attemptRecord(facts: AttemptFacts): AttemptRecord {
  const { subject, failure, endedAt } = facts;
  const { status, ends } = deliveryEnd(facts.outcome, facts.isFinal);
  return {
    attempt: {
      deliveryId: subject.delivery.id,
      number: facts.number,
      startedAt: facts.startedAt,
      durationMs: endedAt.getTime() - facts.startedAt.getTime(),
      statusCode: facts.statusCode,
      responseBody: facts.responseBody,
      errorClass: failure?.name ?? null,
      error: failure ? failure.message.slice(0, ERROR_LIMIT) : null,
    },
    delivery: {
      id: subject.delivery.id,
      status,
      attemptCount: Math.max(subject.delivery.attemptCount, facts.number),
      lastStatusCode: facts.statusCode,
      completedAt: ends ? endedAt : null,
    },
    endpoint: endpointEnd(status, subject.event.type === 'webhook.test', subject.webhook),
    webhookId: subject.webhook.id,
  };
}
