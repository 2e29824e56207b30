import { ApplicationFailure } from '@temporalio/activity';
import type { DeliveryFailureDetails } from '@herald/contracts';
import { DELIVERY_SKIPPED_ERROR, TARGET_BUSY_ERROR } from '@herald/contracts';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryError } from '@herald/channels';

/**
 * The one place a channel's error becomes a Temporal failure. Non-retryable at the activity
 * level because the workflow owns the schedule: each attempt is its own activity execution.
 * Messages come from channels, which never put a secret in them.
 */
export function toActivityFailure(error: DeliveryError): ApplicationFailure {
  const details: DeliveryFailureDetails = {
    statusCode: error.statusCode,
    retryAfterMs: error instanceof RetryableDeliveryError ? error.retryAfterMs : null,
  };
  return ApplicationFailure.create({ type: error.name, message: error.message, nonRetryable: true, details: [details] });
}

export function skippedFailure(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DELIVERY_SKIPPED_ERROR, message: reason, nonRetryable: true });
}

/**
 * The target's host is full in this worker (host-gate.ts): nothing was sent or recorded. The
 * workflow waits `retryAfterMs`, spread by up to half again so turned-back attempts do not return
 * together.
 */
export function busyFailure(host: string, retryAfterMs: number): ApplicationFailure {
  const details: DeliveryFailureDetails = { statusCode: null, retryAfterMs: Math.round(retryAfterMs * (1 + Math.random() / 2)) };
  return ApplicationFailure.create({ type: TARGET_BUSY_ERROR, message: `${host} already has as many attempts in flight as this worker allows`, nonRetryable: true, details: [details] });
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof RetryableDeliveryError || error instanceof PermanentDeliveryError;
}
