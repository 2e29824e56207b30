import { Delivery } from '@herald/persistence';
import { jsonHook, upload } from '../delivery/fixtures';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { sample, scrape } from './prometheus-text';

jest.setTimeout(60_000);

const TOKEN = 'metrics-never-show-this';

describe("the worker's metrics endpoint", () => {
  let stack: TestStack;
  const receivers: Record<'ok' | 'down' | 'gone', Receiver | null> = { ok: null, down: null, gone: null };
  const secrets: string[] = [];

  beforeAll(async () => {
    // One retry: the 503 receiver is tried twice, then the delivery fails.
    stack = await TestStack.start({ env: { HERALD_RETRY_SCHEDULE: '1s' } });
    receivers.ok = await Receiver.start(() => ({ status: 200, body: 'thanks' }));
    receivers.down = await Receiver.start(() => ({ status: 503, body: 'try later' }));
    receivers.gone = await Receiver.start(() => ({ status: 410, body: 'gone for good' }));
    for (const receiver of Object.values(receivers)) {
      const hook = await jsonHook(stack, 'libs-metrics', `${receiver!.url}/hook?token=${TOKEN}`);
      secrets.push(hook.secret);
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await Promise.all(Object.values(receivers).map((receiver) => receiver?.stop()));
  });

  it('counts each json attempt by outcome, times it, and adds the Temporal SDK metrics, on one port', async () => {
    await upload(stack, 'libs-metrics', 'org/acme/metered/1.0/metered-1.0.jar');
    await eventually(async () => {
      const deliveries = await stack.orm.em.fork().find(Delivery, {});
      return deliveries.length === 3 && deliveries.every((delivery) => delivery.completedAt !== null);
    }, 'three deliveries to end', { timeoutMs: 20_000 });
    expect(receivers.ok!.requests).toHaveLength(1);
    expect(receivers.down!.requests).toHaveLength(2);
    expect(receivers.gone!.requests).toHaveLength(1);

    const text = await scrape(stack.workerMetricsUrl!);
    expect(sample(text, 'herald_delivery_attempts_total{channel="json",outcome="succeeded"}')).toBe(1);
    expect(sample(text, 'herald_delivery_attempts_total{channel="json",outcome="retryable"}')).toBe(2);
    expect(sample(text, 'herald_delivery_attempts_total{channel="json",outcome="permanent"}')).toBe(1);
    expect(sample(text, 'herald_delivery_attempts_total{channel="email",outcome="succeeded"}')).toBe(0);
    expect(sample(text, 'herald_delivery_attempt_duration_seconds_count{channel="json"}')).toBe(4);
    expect(sample(text, 'herald_delivery_attempt_duration_seconds_sum{channel="json"}')).toBeGreaterThan(0);
    // The core runtime's own exporter, read through the worker's port: its activity metrics saw the attempts.
    expect(text).toMatch(/^temporal_\w+/m);
    expect(text).toMatch(/^temporal_activity_execution_latency\w*\{[^}]*activity_type="attemptDelivery"/m);
  });

  it('holds no target URL, token or signing secret', async () => {
    const text = await scrape(stack.workerMetricsUrl!);
    for (const secret of [TOKEN, ...secrets]) expect(text).not.toContain(secret);
    expect(text).not.toContain('127.0.0.1:');
  });

  it('answers only /metrics', async () => {
    const url = new URL(stack.workerMetricsUrl!);
    expect((await fetch(`${url.origin}/`)).status).toBe(404);
  });

  it('closes its port when the worker stops', async () => {
    const url = stack.workerMetricsUrl!;
    await stack.stopWorker();
    await expect(fetch(url)).rejects.toThrow();
  });
});
