import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/activity';
import { PermanentDeliveryError, RetryableDeliveryError, type Channel, type ChannelResult } from '@herald/channels';
import { DELIVERY_SKIPPED_ERROR, TARGET_BUSY_ERROR } from '@herald/contracts';
import { attemptDeliveryActivity } from './attempt-delivery.activity';
import type { AttemptMeter } from './attempt-meter';
import type { ChannelRegistry } from './channel-registry';
import type { HealthChanged } from './delivery-store';
import { deliveryRow, eventRow, fakeBox, fakeDeliveryStore, webhookRow } from './fake-ports';
import { HostGate } from './host-gate';
import type { HealthAnnouncer } from './workflow-signals';

const NOW = new Date('2026-12-01T12:00:00Z');
const config = { publicUrl: 'https://herald.example.com' } as Parameters<typeof attemptDeliveryActivity>[0]['config'];

function setUp(send: () => Promise<ChannelResult>, subject = { delivery: deliveryRow(), webhook: webhookRow(), event: eventRow() }) {
  const deliveries = fakeDeliveryStore({ loadAttempt: jest.fn().mockResolvedValue(subject) });
  const json = { type: 'json', deliver: jest.fn(send) } as unknown as Channel & { deliver: jest.Mock };
  const channels = { json, email: json, slack: json } as unknown as ChannelRegistry;
  const attemptMeter: jest.Mocked<AttemptMeter> = { attempted: jest.fn() };
  const announcer: jest.Mocked<HealthAnnouncer> = { announce: jest.fn().mockResolvedValue(undefined) };
  const hostGate = new HostGate(1, 0);
  const attempt = attemptDeliveryActivity({ deliveries, channels, hostGate, secretBox: fakeBox, config, attemptMeter, announcer, now: () => NOW });
  const run = (input = { deliveryId: 'dlv_1', attempt: 1, final: false }) => new MockActivityEnvironment().run(attempt, input);
  return { deliveries, json, attemptMeter, announcer, hostGate, attempt, run };
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApplicationFailure);

describe('attemptDelivery', () => {
  it('sends to the target and records the success with the delivery ended', async () => {
    const { deliveries, json, attemptMeter, run } = setUp(async () => ({ statusCode: 204, responseBody: null }));
    await expect(run()).resolves.toEqual({ statusCode: 204, durationMs: 0 });
    expect(json.deliver).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://ci.example.com/hook' }), expect.objectContaining({ id: 'evt_1', webhookId: 'wh_1' }));
    const [record] = deliveries.recordAttempt.mock.calls[0];
    expect(record.delivery).toEqual({ id: 'dlv_1', status: 'succeeded', attemptCount: 1, lastStatusCode: 204, completedAt: NOW });
    expect(record.attempt).toMatchObject({ number: 1, statusCode: 204, errorClass: null, error: null });
    expect(record.endpoint).toBeNull();
    expect(attemptMeter.attempted).toHaveBeenCalledWith('json', 'succeeded', 0);
  });

  it('records a retryable failure as retrying and fails the activity with the channel error', async () => {
    const { deliveries, run } = setUp(async () => Promise.reject(new RetryableDeliveryError('503 from the receiver', 5_000, { statusCode: 503 })));
    const failure = await failureOf(run());
    expect(failure).toMatchObject({ type: 'RetryableDeliveryError', nonRetryable: true, details: [{ statusCode: 503, retryAfterMs: 5_000 }] });
    const [record] = deliveries.recordAttempt.mock.calls[0];
    expect(record.delivery).toMatchObject({ status: 'retrying', completedAt: null, lastStatusCode: 503 });
    expect(record.attempt).toMatchObject({ errorClass: 'RetryableDeliveryError', error: '503 from the receiver' });
    expect(record.endpoint).toBeNull();
  });

  it("ends the delivery on the final attempt's failure and counts it against the endpoint, announcing a change", async () => {
    const { deliveries, announcer, run } = setUp(async () => Promise.reject(new PermanentDeliveryError('410 gone', { statusCode: 410 })), {
      delivery: deliveryRow({ attemptCount: 3 }),
      webhook: webhookRow({ targetType: 'email', targetAddress: 'ops@example.com' }),
      event: eventRow(),
    });
    const changed: HealthChanged = { webhook: webhookRow({ targetType: 'email', targetAddress: 'ops@example.com', consecutiveFailures: 4 }), change: 'paused' };
    deliveries.recordAttempt.mockResolvedValue(changed);
    await failureOf(run({ deliveryId: 'dlv_1', attempt: 2, final: false }));
    const [record] = deliveries.recordAttempt.mock.calls[0];
    expect(record.delivery).toMatchObject({ status: 'failed', completedAt: NOW, attemptCount: 3 });
    expect(record.endpoint).toBe('failed');
    expect(announcer.announce).toHaveBeenCalledWith(expect.objectContaining({ webhookId: 'wh_1', change: 'paused', to: 'ops@example.com' }));
  });

  it('ends the delivery on a retryable failure when the attempt is the final one', async () => {
    const { deliveries, run } = setUp(async () => Promise.reject(new RetryableDeliveryError('503 from the receiver', 5_000, { statusCode: 503 })));
    await failureOf(run({ deliveryId: 'dlv_1', attempt: 3, final: true }));
    const [record] = deliveries.recordAttempt.mock.calls[0];
    expect(record.delivery).toMatchObject({ status: 'failed', completedAt: NOW, attemptCount: 3 });
    expect(record.endpoint).toBe('failed');
  });

  it('frees its host once it ends, after a success and after a channel error alike', async () => {
    const outcomes = [
      async () => ({ statusCode: 204, responseBody: null }),
      async () => Promise.reject(new RetryableDeliveryError('503 from the receiver', 5_000, { statusCode: 503 })),
      async () => ({ statusCode: 204, responseBody: null }),
    ];
    const { json, hostGate, run } = setUp(() => outcomes.shift()!());
    await run();
    expect(hostGate.inFlight('ci.example.com')).toBe(0);
    expect(await failureOf(run())).toMatchObject({ type: 'RetryableDeliveryError' });
    expect(hostGate.inFlight('ci.example.com')).toBe(0);
    await expect(run()).resolves.toEqual({ statusCode: 204, durationMs: 0 });
    expect(json.deliver).toHaveBeenCalledTimes(3);
  });

  it('skips a paused webhook without sending, ending the delivery', async () => {
    const { deliveries, json, run } = setUp(async () => ({ statusCode: 200, responseBody: null }), { delivery: deliveryRow(), webhook: webhookRow({ active: false }), event: eventRow() });
    expect(await failureOf(run())).toMatchObject({ type: DELIVERY_SKIPPED_ERROR, message: 'the webhook is paused' });
    expect(json.deliver).not.toHaveBeenCalled();
    expect(deliveries.endUnattempted).toHaveBeenCalledWith('dlv_1', NOW);
    expect(deliveries.recordAttempt).not.toHaveBeenCalled();
  });

  it('turns the attempt back, unsent and unrecorded, when its host is full', async () => {
    const { deliveries, json, hostGate, run } = setUp(async () => ({ statusCode: 200, responseBody: null }));
    const held = await hostGate.acquire('ci.example.com', 0);
    expect(await failureOf(run())).toMatchObject({ type: TARGET_BUSY_ERROR });
    held!();
    expect(json.deliver).not.toHaveBeenCalled();
    expect(deliveries.recordAttempt).not.toHaveBeenCalled();
  });

  it('heartbeats while the receiver is slow, and stops once the attempt ends', async () => {
    jest.useFakeTimers();
    try {
      let answer!: (result: ChannelResult) => void;
      const { attempt } = setUp(() => new Promise<ChannelResult>((resolve) => (answer = resolve)));
      const env = new MockActivityEnvironment();
      const beats = jest.fn();
      env.on('heartbeat', beats);
      const done = env.run(attempt, { deliveryId: 'dlv_1', attempt: 1, final: false });
      await jest.advanceTimersByTimeAsync(6_500);
      expect(beats).toHaveBeenCalledTimes(3);
      answer({ statusCode: 200, responseBody: null });
      await done;
      await jest.advanceTimersByTimeAsync(10_000);
      expect(beats).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
