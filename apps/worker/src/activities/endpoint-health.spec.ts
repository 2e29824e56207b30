import { afterEnd, afterFailure, afterSuccess, isHeld, pauseLengthMs, statusOf, type EndpointHealth } from './endpoint-health';

const MINUTE = 60_000;
const healthy: EndpointHealth = { consecutiveFailures: 0, pausedUntil: null, disabledAt: null };

/** Fails `count` times, each failure arriving just after the previous pause ended. */
function failInARow(count: number, start = new Date('2026-11-28T22:00:00Z')): { health: EndpointHealth; now: Date; changes: Array<string | null> } {
  let health = healthy;
  let now = start;
  const changes: Array<string | null> = [];
  for (let i = 0; i < count; i++) {
    if (health.pausedUntil) now = new Date(health.pausedUntil.getTime() + 1);
    const verdict = afterFailure(health, now);
    health = verdict.health;
    changes.push(verdict.change);
  }
  return { health, now, changes };
}

describe('endpoint health policy', () => {
  it('counts failures without pausing below four', () => {
    const { health, changes } = failInARow(3);
    expect(health).toEqual({ consecutiveFailures: 3, pausedUntil: null, disabledAt: null });
    expect(changes).toEqual([null, null, null]);
  });

  it('pauses for one minute at the fourth failure in a row', () => {
    const { health, now, changes } = failInARow(4);
    expect(changes[3]).toBe('paused');
    expect(health.consecutiveFailures).toBe(4);
    expect(health.pausedUntil!.getTime() - now.getTime()).toBe(MINUTE);
    expect(isHeld(health, now)).toBe(true);
    expect(statusOf(health, now)).toBe('paused');
    expect(statusOf(health, new Date(now.getTime() + MINUTE))).toBe('healthy');
  });

  it('doubles each further pause, up to 24 hours', () => {
    expect([4, 5, 6, 7].map(pauseLengthMs)).toEqual([MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]);
    expect(pauseLengthMs(14)).toBe(1024 * MINUTE);
    expect(pauseLengthMs(15)).toBe(24 * 60 * MINUTE);
    expect(pauseLengthMs(39)).toBe(24 * 60 * MINUTE);
  });

  it('disables at the fortieth failure in a row, until an admin resumes it', () => {
    const { health, now, changes } = failInARow(40);
    expect(changes.filter((change) => change === 'paused')).toHaveLength(36);
    expect(changes[39]).toBe('disabled');
    expect(health.disabledAt).toEqual(now);
    expect(statusOf(health, new Date(now.getTime() + 365 * 24 * 60 * MINUTE))).toBe('disabled');
    expect(afterSuccess(health)).toEqual({ health, change: null });
  });

  it('holds a webhook until its pause ends, not at the instant it ends', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(isHeld({ pausedUntil: new Date(now.getTime() + 1), disabledAt: null }, now)).toBe(true);
    expect(isHeld({ pausedUntil: now, disabledAt: null }, now)).toBe(false);
  });

  it('does not count a failure that ends while the webhook is held', () => {
    const { health, now } = failInARow(4);
    const during = afterFailure(health, new Date(now.getTime() + 1_000));
    expect(during).toEqual({ health, change: null });
  });

  it('a success resets the count and ends a timed pause', () => {
    expect(afterSuccess({ ...healthy, consecutiveFailures: 3 })).toEqual({ health: healthy, change: null });
    const { health } = failInARow(5);
    expect(afterSuccess(health)).toEqual({ health: healthy, change: 'recovered' });
    expect(afterSuccess(healthy)).toEqual({ health: healthy, change: null });
  });
});

describe('afterEnd', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('answers nothing to write when the health stays as it was', () => {
    expect(afterEnd(healthy, 'succeeded', now)).toBeNull();
    expect(afterEnd({ consecutiveFailures: 5, pausedUntil: new Date(now.getTime() + 1), disabledAt: null }, 'failed', now)).toBeNull();
  });

  it('answers the verdict when a count or a pause moves', () => {
    expect(afterEnd(healthy, 'failed', now)).toEqual({ health: { consecutiveFailures: 1, pausedUntil: null, disabledAt: null }, change: null });
    expect(afterEnd({ consecutiveFailures: 2, pausedUntil: null, disabledAt: null }, 'succeeded', now)).toEqual({ health: healthy, change: null });
  });
});
