import { PERMANENT_DELIVERY_ERROR, type TargetType } from '@herald/contracts';
import type { DeliveryError } from '@herald/channels';

/**
 * How one attempt ended, in the words its record uses: `succeeded` as a delivery's status,
 * `retryable` and `permanent` as its errorClass. Fixed and small, so metric labels stay cheap.
 */
export const ATTEMPT_OUTCOMES = ['succeeded', 'retryable', 'permanent'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export function attemptOutcome(failure: DeliveryError | null): AttemptOutcome {
  if (!failure) return 'succeeded';
  return failure.name === PERMANENT_DELIVERY_ERROR ? 'permanent' : 'retryable';
}

/**
 * Where attempts are counted and timed (metrics/worker-metrics.ts). A port, so the activity
 * does not know Prometheus and its unit tests need no registry.
 */
export interface AttemptMeter {
  attempted(channel: TargetType, outcome: AttemptOutcome, durationMs: number): void;
}
