import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type {
  DELIVERY_SKIPPED_ERROR,
  DeliveryFailureDetails,
  PERMANENT_DELIVERY_ERROR,
  RETRYABLE_DELIVERY_ERROR,
  TARGET_BUSY_ERROR,
} from '../libs/contracts/src';

const RETRYABLE: typeof RETRYABLE_DELIVERY_ERROR = 'RetryableDeliveryError';
const PERMANENT: typeof PERMANENT_DELIVERY_ERROR = 'PermanentDeliveryError';
const SKIPPED: typeof DELIVERY_SKIPPED_ERROR = 'DeliverySkippedError';
const BUSY: typeof TARGET_BUSY_ERROR = 'TargetBusyError';
/** When a turned-back attempt gives no wait of its own. */
const BUSY_FALLBACK_MS = 3_000;

export type AttemptVerdict =
  /** `recorded`: the activity wrote the attempt and the delivery's state itself. */
  | { kind: 'retry'; retryAfterMs: number | null; recorded: boolean }
  | { kind: 'permanent' }
  | { kind: 'skipped' }
  /** The target's host was full: nothing was sent, try the same attempt again after the wait. */
  | { kind: 'busy'; retryAfterMs: number };

/**
 * What a failed attempt activity means for the delivery. A timeout or an unexpected failure
 * (the worker died mid-attempt, the database blinked) counts as a retryable attempt that
 * could not record its outcome.
 */
export function verdictOf(error: unknown): AttemptVerdict {
  if (!(error instanceof ActivityFailure)) throw error;
  const cause = error.cause;
  if (cause instanceof ApplicationFailure) {
    if (cause.type === PERMANENT) return { kind: 'permanent' };
    if (cause.type === SKIPPED) return { kind: 'skipped' };
    if (cause.type === BUSY) {
      const details = cause.details?.[0] as DeliveryFailureDetails | undefined;
      return { kind: 'busy', retryAfterMs: details?.retryAfterMs ?? BUSY_FALLBACK_MS };
    }
    if (cause.type === RETRYABLE) {
      const details = cause.details?.[0] as DeliveryFailureDetails | undefined;
      return { kind: 'retry', retryAfterMs: details?.retryAfterMs ?? null, recorded: true };
    }
  }
  return { kind: 'retry', retryAfterMs: null, recorded: false };
}
