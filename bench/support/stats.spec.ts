import { latencyPercentiles, percentile, round } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('rounds rates to two decimals and large figures to whole numbers', () => {
    expect(round(12.3456)).toBe(12.35);
    expect(round(1234.5)).toBe(1235);
    expect(latencyPercentiles([10, 20, 30, 40])).toEqual({ p50: 20, p95: 40, p99: 40 });
  });
});
