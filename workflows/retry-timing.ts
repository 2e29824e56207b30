import type { ResolveDeliveriesResult, WorkflowDeliveryStatus } from '../libs/contracts/src';

export type DeliveryOutcome = 'succeeded' | 'failed' | 'skipped';

export interface Wait {
  ms: number;
  /** Why the workflow waits, for the timer's summary in the Temporal UI. */
  why: string;
}

/**
 * How long to wait after failed attempt `attempt` (1-based): the schedule's step, or longer
 * when the receiver asked for it with Retry-After, capped so a receiver cannot park a
 * delivery for days.
 */
export function waitAfter(attempt: number, retryAfterMs: number | null, plan: Pick<ResolveDeliveriesResult, 'retryScheduleMs' | 'maxRetryAfterMs'>): Wait {
  const scheduled = plan.retryScheduleMs[attempt - 1] ?? 0;
  const asked = retryAfterMs === null ? 0 : Math.min(retryAfterMs, plan.maxRetryAfterMs);
  if (asked > scheduled) {
    const capped = retryAfterMs !== null && retryAfterMs > plan.maxRetryAfterMs;
    return { ms: asked, why: capped ? `Retry-After, capped at ${seconds(plan.maxRetryAfterMs)}` : 'the receiver asked with Retry-After' };
  }
  return { ms: scheduled, why: `retry schedule step ${attempt} of ${plan.retryScheduleMs.length}` };
}

/** The workflow's HeraldDeliveryStatus once every delivery has ended; skipped ones do not count. */
export function rollUp(outcomes: DeliveryOutcome[]): WorkflowDeliveryStatus {
  const counted = outcomes.filter((outcome) => outcome !== 'skipped');
  if (counted.every((outcome) => outcome === 'succeeded')) return 'succeeded';
  if (counted.every((outcome) => outcome === 'failed')) return 'failed';
  return 'partial';
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
