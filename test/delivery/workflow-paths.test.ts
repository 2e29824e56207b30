import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ensureSearchAttributes } from '@herald/temporal';
import type { AttemptDeliveryInput, FailDeliveryInput, HeraldActivities, ResolveDeliveriesInput, ResolveDeliveriesResult } from '@herald/contracts';
import { attemptActivities, timerSummaries } from './fixtures';

jest.setTimeout(60_000);

/**
 * The event workflow's decisions on paths the end-to-end tests cannot provoke on demand (an
 * attempt lost with its worker, a huge Retry-After, mixed outcomes), run on the real dev server
 * with stand-in activities: the workflow code is what is under test here.
 */
describe('the event workflow on its rarer paths', () => {
  const taskQueue = `workflow-paths-${randomBytes(4).toString('hex')}`;
  const plans = new Map<string, ResolveDeliveriesResult>();
  const attempt = new Map<string, (input: AttemptDeliveryInput) => Promise<{ statusCode: number; durationMs: number }>>();
  const failed: FailDeliveryInput[] = [];
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;

  const activities: Pick<HeraldActivities, 'resolveDeliveries' | 'attemptDelivery' | 'failDelivery'> = {
    resolveDeliveries: async (input: ResolveDeliveriesInput) => plans.get(input.eventId)!,
    attemptDelivery: async (input: AttemptDeliveryInput) => attempt.get(input.deliveryId)!(input),
    failDelivery: async (input: FailDeliveryInput) => {
      failed.push(input);
    },
  };

  const plan = (deliveryIds: string[], overrides: Partial<ResolveDeliveriesResult> = {}): ResolveDeliveriesResult => ({
    deliveries: deliveryIds.map((deliveryId) => ({ deliveryId, webhookId: `wh_${deliveryId}`, targetType: 'json', targetLabel: `json ${deliveryId}.example.com` })),
    retryScheduleMs: [100],
    maxRetryAfterMs: 3_600_000,
    attemptTimeoutMs: 1_000,
    ...overrides,
  });

  const run = async (eventId: string) => {
    const handle = await client.workflow.start('fileEventWorkflow', { taskQueue, workflowId: `paths-${eventId}`, args: [{ eventId, eventType: 'file.uploaded', repository: 'r', path: 'p' }] });
    const result = await handle.result();
    const { events } = await handle.fetchHistory();
    const status = (await handle.describe()).searchAttributes.HeraldDeliveryStatus;
    return { result, events: events ?? [], status };
  };

  beforeAll(async () => {
    const address = process.env.HERALD_TEST_TEMPORAL_ADDRESS!;
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue,
      activities,
      workflowBundle: { codePath: process.env.HERALD_TEST_WORKFLOW_BUNDLE! },
    });
    running = worker.run();
    const connection = await Connection.connect({ address });
    client = new Client({ connection });
    // What Herald's worker does at boot; this file may run before any TestStack has.
    await ensureSearchAttributes(connection, 'default');
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
  });

  it('rolls mixed outcomes up to partial, each delivery in parallel', async () => {
    plans.set('evt_mixed', plan(['ok', 'gone']));
    attempt.set('ok', async () => ({ statusCode: 200, durationMs: 1 }));
    attempt.set('gone', async () => {
      throw ApplicationFailure.create({ type: 'PermanentDeliveryError', message: 'gone.example.com answered 410', nonRetryable: true, details: [{ statusCode: 410, retryAfterMs: null }] });
    });
    const { result, status, events } = await run('evt_mixed');
    expect(result).toEqual({ ok: 'succeeded', gone: 'failed' });
    expect(status).toEqual(['partial']);
    expect(attemptActivities(events).map((activity) => activity.summary).sort()).toEqual(['json gone.example.com · attempt 1/2', 'json ok.example.com · attempt 1/2']);
  });

  it('ends a delivery as failed through failDelivery when its last attempt could not record an outcome', async () => {
    plans.set('evt_lost', plan(['lost']));
    attempt.set('lost', async () => {
      throw new Error('the database went away');
    });
    const { result, status, events } = await run('evt_lost');
    expect(result).toEqual({ lost: 'failed' });
    expect(status).toEqual(['failed']);
    expect(attemptActivities(events)).toHaveLength(2);
    expect(failed).toEqual([{ deliveryId: 'lost', reason: 'attempt 2/2 ended without an outcome' }]);
  });

  it('caps a Retry-After beyond the limit and says so on the timer', async () => {
    plans.set('evt_capped', plan(['slow'], { maxRetryAfterMs: 1_500 }));
    attempt.set('slow', async (input) => {
      if (input.attempt === 1) throw ApplicationFailure.create({ type: 'RetryableDeliveryError', message: 'slow answered 429', nonRetryable: true, details: [{ statusCode: 429, retryAfterMs: 36_000_000 }] });
      return { statusCode: 200, durationMs: 1 };
    });
    const { result, events } = await run('evt_capped');
    expect(result).toEqual({ slow: 'succeeded' });
    expect(timerSummaries(events)).toEqual(['json slow.example.com: waiting 1.5s before attempt 2/2 (Retry-After, capped at 1.5s)']);
    const timer = events.find((event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    expect(Number(timer?.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? 0) * 1000 + (timer?.timerStartedEventAttributes?.startToFireTimeout?.nanos ?? 0) / 1e6).toBe(1_500);
    expect(failed.map((entry) => entry.deliveryId)).not.toContain('slow');
  });

  it('drops a delivery whose webhook went away without counting it as failed', async () => {
    plans.set('evt_skip', plan(['dropped']));
    attempt.set('dropped', async () => {
      throw ApplicationFailure.create({ type: 'DeliverySkippedError', message: 'the webhook was deleted', nonRetryable: true });
    });
    const { result, status, events } = await run('evt_skip');
    expect(result).toEqual({ dropped: 'skipped' });
    expect(status).toEqual(['succeeded']);
    expect(attemptActivities(events)).toHaveLength(1);
  });
});
