import { Receiver } from '../support/receiver';
import { createRepository, subscribeJsonWebhook, upload } from './support/admin';
import { sleep, waitUntil } from '../support/timing';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { activityTimeouts } from './support/histories';
import { queryRows, recordedTags, settledDeliveryStatuses } from './support/rows';

const EVENTS = Number(process.env.HERALD_FAULTS_CRASH_EVENTS ?? 200);
const WEBHOOKS = 2;
/** Kill the worker when this share of the expected deliveries has arrived: mid-run, every time. */
const KILL_AT = [0.05, 0.15, 0.25, 0.35];
const REPOSITORY = 'crash';

jest.setTimeout(420_000);

/**
 * Scenario 1: the worker process is SIGKILLed four times while a few hundred events are being
 * delivered (SQLite, the embedded setup), restarted each time after a second. Activities lost
 * with it miss their heartbeats and are retried by their workflows; nothing acknowledged may go
 * missing.
 */
describe('faults: the worker SIGKILLed repeatedly', () => {
  let stack: BuiltStack;
  let receiver: Receiver;
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    ensureBuilt();
    receiver = await Receiver.start();
    ledger = new DeliveryLedger('crash');
    stack = await BuiltStack.create({ name: '1-worker-sigkill', dialect: 'sqlite' });
    await stack.startApi();
    await stack.startWorker();
    await createRepository(stack.port, REPOSITORY);
    for (let n = 1; n <= WEBHOOKS; n++) {
      await subscribeJsonWebhook(stack.port, ledger, { receiver, path: `/hooks/${REPOSITORY}-${n}`, repository: REPOSITORY, events: ['file.uploaded'] });
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('delivers every acknowledged upload to every webhook, under one webhook-id each', async () => {
    const expected = EVENTS * WEBHOOKS;
    const statuses: number[] = [];
    let next = 0;
    const uploader = async () => {
      while (next < EVENTS) {
        const n = ++next;
        const tag = ledger.nextTag();
        const answer = await upload(stack.port, ADMIN_AUTH, REPOSITORY, `com/example/crash/${n}/crash-${n}.jar`, `crash artifact ${n}`, tag);
        statuses.push(answer.status);
        if (answer.status === 201) ledger.acknowledge(tag, REPOSITORY, 'file.uploaded');
      }
    };
    const started = Date.now();
    const uploading = Promise.all(Array.from({ length: 4 }, uploader));

    const kills: Array<{ second: number; received: number }> = [];
    for (const share of KILL_AT) {
      const reached = await waitUntil(() => receiver.requests.length >= share * expected, 120_000, 50);
      if (!reached) throw new Error(`deliveries stalled at ${receiver.requests.length}/${expected} before kill ${kills.length + 1}:\n${stack.logs()}`);
      await stack.worker!.kill();
      kills.push({ second: Math.round((Date.now() - started) / 1000), received: receiver.requests.length });
      await sleep(1_000);
      await stack.startWorker();
    }
    await uploading;

    const tally = await ledger.settle(180_000);
    const deliveredInSeconds = Math.round((Date.now() - started) / 1000);
    const recorded = await recordedTags(stack, REPOSITORY);
    const deliveries = await settledDeliveryStatuses(stack, REPOSITORY, 180_000);
    const events = await queryRows<{ id: string }>(stack, 'select id from file_event where repository = $1', [REPOSITORY]);
    const timeouts = await activityTimeouts(stack, events.map((event) => `file-event-${event.id}`));
    report('1-worker-sigkill', {
      dialect: 'sqlite',
      injected: `${kills.length} SIGKILLs of the worker, each restarted after 1 s, at ${kills.map((kill) => `${kill.received}/${expected} received (${kill.second} s)`).join(', ')}`,
      deliveredInSeconds,
      uploads: statuses.length,
      recordedEvents: [...recorded.values()].reduce((sum, n) => sum + n, 0),
      ...tally,
      deliveryRows: deliveries,
      attemptTimeouts: timeouts,
    });

    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(kills).toHaveLength(KILL_AT.length);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ acknowledged: EVENTS, expected, delivered: expected, missing: 0, idConflicts: 0 });
    // Every acknowledged upload is one recorded event, and only those.
    expect(recorded.size).toBe(EVENTS);
    expect([...recorded.values()].every((count) => count === 1)).toBe(true);
    expect(deliveries).toEqual({ succeeded: expected });
    // Attempts lost with the worker were noticed by their missing heartbeats, not left to run
    // out their start-to-close timeout.
    expect(Object.keys(timeouts)).toEqual(['TIMEOUT_TYPE_HEARTBEAT']);
  });
});
