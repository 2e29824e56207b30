import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type {
  DELIVERY_SKIPPED_ERROR,
  DeliveryFailureDetails,
  PERMANENT_DELIVERY_ERROR,
  RETRYABLE_DELIVERY_ERROR,
} from '../libs/contracts/src';

const RETRYABLE: typeof RETRYABLE_DELIVERY_ERROR = 'RetryableDeliveryError';
const PERMANENT: typeof PERMANENT_DELIVERY_ERROR = 'PermanentDeliveryError';
const SKIPPED: typeof DELIVERY_SKIPPED_ERROR = 'DeliverySkippedError';

export type AttemptVerdict =
  | { kind: 'retry'; retryAfterMs: number | null }
  | { kind: 'permanent' }
  | { kind: 'skipped' };

/**
 * What a failed attempt activity means for the delivery. A timeout or an unexpected failure
 * (the worker died mid-attempt, the database blinked) counts as a retryable attempt.
 */
export function verdictOf(error: unknown): AttemptVerdict {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    if (cause.type === PERMANENT) return { kind: 'permanent' };
    if (cause.type === SKIPPED) return { kind: 'skipped' };
    if (cause.type === RETRYABLE) {
      const details = cause.details?.[0] as DeliveryFailureDetails | undefined;
      return { kind: 'retry', retryAfterMs: details?.retryAfterMs ?? null };
    }
  }
  if (cause instanceof TimeoutFailure) return { kind: 'retry', retryAfterMs: null };
  return { kind: 'retry', retryAfterMs: null };
}
