import { PermanentDeliveryError, RetryableDeliveryError } from '@herald/channels';
import { attemptOutcome } from '../activities/attempt-meter';
import { WorkerMetrics } from './worker-metrics';

async function sample(metrics: WorkerMetrics, series: string): Promise<number | undefined> {
  const line = (await metrics.registry.metrics()).split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('attemptOutcome', () => {
  it('names an attempt by how its record classes it', () => {
    expect(attemptOutcome(null)).toBe('succeeded');
    expect(attemptOutcome(new RetryableDeliveryError('503 from the target', 1_000, { statusCode: 503 }))).toBe('retryable');
    expect(attemptOutcome(new PermanentDeliveryError('410 from the target', { statusCode: 410 }))).toBe('permanent');
  });
});

describe('WorkerMetrics', () => {
  it('counts each attempt once under its channel and outcome, and times it in seconds', async () => {
    const metrics = new WorkerMetrics();
    metrics.attempted('json', 'succeeded', 120);
    metrics.attempted('json', 'retryable', 3_000);
    metrics.attempted('json', 'retryable', 40);
    metrics.attempted('slack', 'permanent', 80);

    expect(await sample(metrics, 'herald_delivery_attempts_total{channel="json",outcome="succeeded"}')).toBe(1);
    expect(await sample(metrics, 'herald_delivery_attempts_total{channel="json",outcome="retryable"}')).toBe(2);
    expect(await sample(metrics, 'herald_delivery_attempts_total{channel="slack",outcome="permanent"}')).toBe(1);
    expect(await sample(metrics, 'herald_delivery_attempt_duration_seconds_count{channel="json"}')).toBe(3);
    expect(await sample(metrics, 'herald_delivery_attempt_duration_seconds_sum{channel="json"}')).toBeCloseTo(3.16);
    expect(await sample(metrics, 'herald_delivery_attempt_duration_seconds_bucket{le="0.1",channel="json"}')).toBe(1);
  });

  it('shows every channel and outcome from the first scrape, at zero', async () => {
    const metrics = new WorkerMetrics();
    for (const channel of ['email', 'json', 'slack']) {
      for (const outcome of ['succeeded', 'retryable', 'permanent']) {
        expect(await sample(metrics, `herald_delivery_attempts_total{channel="${channel}",outcome="${outcome}"}`)).toBe(0);
      }
      expect(await sample(metrics, `herald_delivery_attempt_duration_seconds_count{channel="${channel}"}`)).toBe(0);
    }
  });
});
