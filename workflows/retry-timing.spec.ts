import { rollUp, seconds, waitAfter } from './retry-timing';

describe('waitAfter', () => {
  const plan = { retryScheduleMs: [5_000, 300_000], maxRetryAfterMs: 3_600_000 };

  it('follows the schedule when the receiver asks for nothing or less', () => {
    expect(waitAfter(1, null, plan)).toEqual({ ms: 5_000, why: 'retry schedule step 1 of 2' });
    expect(waitAfter(2, 1_000, plan)).toEqual({ ms: 300_000, why: 'retry schedule step 2 of 2' });
  });

  it('honours a longer Retry-After', () => {
    expect(waitAfter(1, 30_000, plan)).toEqual({ ms: 30_000, why: 'the receiver asked with Retry-After' });
  });

  it('caps Retry-After', () => {
    expect(waitAfter(1, 86_400_000, plan)).toEqual({ ms: 3_600_000, why: 'Retry-After, capped at 3600s' });
  });
});

describe('rollUp', () => {
  it.each([
    [['succeeded', 'succeeded'], 'succeeded'],
    [['failed', 'failed'], 'failed'],
    [['succeeded', 'failed'], 'partial'],
    [['succeeded', 'skipped'], 'succeeded'],
    [['failed', 'skipped'], 'failed'],
    [[], 'succeeded'],
  ] as const)('%p → %s', (outcomes, status) => {
    expect(rollUp([...outcomes])).toBe(status);
  });
});

describe('seconds', () => {
  it('prints whole and fractional seconds', () => {
    expect(seconds(3_000)).toBe('3s');
    expect(seconds(1_500)).toBe('1.5s');
  });
});
