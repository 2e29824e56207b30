import type { HealthStatus } from '@herald/contracts';

/**
 * Endpoint health: consecutive deliveries ending `failed` pause a webhook, longer each time, and
 * finally disable it until an admin resumes it (PATCH active: true). Pure: the recorder applies
 * the verdict to the webhook row and the audit; resolve and attempt ask `isHeld`.
 */
export const PAUSE_AFTER_FAILURES = 4;
export const DISABLE_AFTER_FAILURES = 40;
export const FIRST_PAUSE_MS = 60_000;
export const LONGEST_PAUSE_MS = 24 * 3_600_000;

export interface EndpointHealth {
  consecutiveFailures: number;
  pausedUntil: Date | null;
  disabledAt: Date | null;
}

export type HealthChange = 'paused' | 'disabled' | 'recovered';

export interface HealthVerdict {
  health: EndpointHealth;
  /** What an admin should hear about; null when the status stays as it was. */
  change: HealthChange | null;
}

/** Paused (until pausedUntil) or disabled: new deliveries are held back and attempts are skipped. */
export function isHeld(health: Pick<EndpointHealth, 'pausedUntil' | 'disabledAt'>, now: Date): boolean {
  return health.disabledAt !== null || (health.pausedUntil !== null && health.pausedUntil > now);
}

export function statusOf(health: Pick<EndpointHealth, 'pausedUntil' | 'disabledAt'>, now: Date): HealthStatus {
  return health.disabledAt ? 'disabled' : health.pausedUntil !== null && health.pausedUntil > now ? 'paused' : 'healthy';
}

/** 1 minute at the 4th failure in a row, doubling with each further one, at most 24 hours. */
export function pauseLengthMs(consecutiveFailures: number): number {
  const doublings = Math.max(0, consecutiveFailures - PAUSE_AFTER_FAILURES);
  return Math.min(FIRST_PAUSE_MS * 2 ** Math.min(doublings, 20), LONGEST_PAUSE_MS);
}

/**
 * A delivery ended `failed`. One that ends while the webhook is already held does not count: it
 * was in flight when the pause began, and counting a burst of those would turn one outage into
 * a day-long pause within seconds.
 */
export function afterFailure(health: EndpointHealth, now: Date): HealthVerdict {
  if (isHeld(health, now)) return { health, change: null };
  const consecutiveFailures = health.consecutiveFailures + 1;
  if (consecutiveFailures >= DISABLE_AFTER_FAILURES) return { health: { consecutiveFailures, pausedUntil: null, disabledAt: now }, change: 'disabled' };
  if (consecutiveFailures >= PAUSE_AFTER_FAILURES) {
    return { health: { consecutiveFailures, pausedUntil: new Date(now.getTime() + pauseLengthMs(consecutiveFailures)), disabledAt: null }, change: 'paused' };
  }
  return { health: { ...health, consecutiveFailures }, change: null };
}

/**
 * A delivery succeeded: the count starts again and a timed pause ends, since the endpoint answers.
 * A disabled webhook stays disabled: only an admin re-enables it.
 */
export function afterSuccess(health: EndpointHealth): HealthVerdict {
  if (health.disabledAt) return { health, change: null };
  const wasPaused = health.pausedUntil !== null;
  if (health.consecutiveFailures === 0 && !wasPaused) return { health, change: null };
  return { health: { consecutiveFailures: 0, pausedUntil: null, disabledAt: null }, change: wasPaused ? 'recovered' : null };
}

/** The verdict of a delivery's end, or null when the health stays exactly as it was (nothing to write). */
export function afterEnd(health: EndpointHealth, end: 'succeeded' | 'failed', now: Date): HealthVerdict | null {
  const verdict = end === 'failed' ? afterFailure(health, now) : afterSuccess(health);
  const next = verdict.health;
  const same = next.consecutiveFailures === health.consecutiveFailures && next.pausedUntil === health.pausedUntil && next.disabledAt === health.disabledAt;
  return same ? null : verdict;
}
