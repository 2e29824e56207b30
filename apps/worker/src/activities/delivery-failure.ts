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

/** How long a turned-back attempt waits before it tries its host again: a few seconds, spread. */
const BUSY_RETRY_MS = 2_000;

/** The target's host is full in this worker (host-gate.ts): nothing was sent or recorded. */
export function busyFailure(host: string): ApplicationFailure {
  const details: DeliveryFailureDetails = { statusCode: null, retryAfterMs: BUSY_RETRY_MS + Math.floor(Math.random() * BUSY_RETRY_MS) };
  return ApplicationFailure.create({ type: TARGET_BUSY_ERROR, message: `${host} already has as many attempts in flight as this worker allows`, nonRetryable: true, details: [details] });
}

export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof RetryableDeliveryError || error instanceof PermanentDeliveryError;
}
