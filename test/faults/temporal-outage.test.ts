import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Receiver } from '../support/receiver';
import { postgresReachable } from '../support/databases';
import { createRepository, subscribeJsonWebhook, upload } from './support/admin';
import { sleep } from '../support/timing';
import { freePort, startDevServer, type DevServer } from '../support/built-herald';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { deliveryStatuses, recordedTags } from './support/rows';

const REPOSITORY = 'outage';
const WEBHOOKS = 2;
const BEFORE_MS = 3_000;
const OUTAGE_MS = 8_000;
const AFTER_MS = 3_000;

jest.setTimeout(300_000);

/**
 * Scenario 2: Temporal's dev server is stopped while build tools keep uploading, then started
 * again on the same port and database file. Uploads must keep answering 201 (the API records
 * the event and leaves its start to the outbox), and every event is delivered once it is back.
 */
describe('faults: the Temporal server stopped and restarted during uploads', () => {
  let stack: BuiltStack;
  let receiver: Receiver;
  let ledger: DeliveryLedger;
  let temporal: DevServer;
  let temporalDir: string;
  let temporalOptions: { port: number; uiPort: number; dbFile: string; headless: boolean };

  beforeAll(async () => {
    ensureBuilt();
    const dialect = (await postgresReachable()) ? 'postgresql' : 'sqlite';
    receiver = await Receiver.start();
    ledger = new DeliveryLedger('outage');
    temporalDir = mkdtempSync(join(tmpdir(), 'herald-faults-temporal-'));
    // Its own server, on a port and database file that survive a restart.
    temporalOptions = { port: await freePort(), uiPort: await freePort(), dbFile: join(temporalDir, 'temporal.sqlite'), headless: true };
    temporal = await startDevServer(temporalOptions);
    stack = await BuiltStack.create({ name: '2-temporal-outage', dialect, temporalAddress: temporal.address });
    await stack.startApi();
    await stack.startWorker();
    await createRepository(stack.port, REPOSITORY);
    for (let n = 1; n <= WEBHOOKS; n++) {
      await subscribeJsonWebhook(stack.port, ledger, { receiver, path: `/hooks/${REPOSITORY}-${n}`, repository: REPOSITORY, events: ['file.uploaded'] });
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await temporal?.stop();
    await receiver?.stop();
    if (temporalDir) rmSync(temporalDir, { recursive: true, force: true });
  });

  it('answers 201 throughout and delivers every event after Temporal is back', async () => {
    const answers: Array<{ status: number; during: 'before' | 'outage' | 'after' }> = [];
    let phase: 'before' | 'outage' | 'after' | 'done' = 'before';
    let n = 0;
    const uploader = async () => {
      while (phase !== 'done') {
        const during = phase;
        const tag = ledger.nextTag();
        n += 1;
        const answer = await upload(stack.port, ADMIN_AUTH, REPOSITORY, `com/example/outage/${n}/outage-${n}.jar`, `outage artifact ${n}`, tag, 30_000);
        answers.push({ status: answer.status, during });
        if (answer.status === 201) ledger.acknowledge(tag, REPOSITORY, 'file.uploaded');
        // A build tool's pace: a hundred-odd events, most of them recorded while Temporal is down.
        await sleep(200);
      }
    };
    const uploading = Promise.all(Array.from({ length: 2 }, uploader));
    await sleep(BEFORE_MS);
    phase = 'outage';
    await temporal.stop();
    await sleep(OUTAGE_MS);
    temporal = await startDevServer(temporalOptions);
    phase = 'after';
    const backAt = Date.now();
    const progress: string[] = [];
    const sampler = setInterval(() => progress.push(`${Math.round((Date.now() - backAt) / 1000)}s:${receiver.requests.length}`), 5_000);
    await sleep(AFTER_MS);
    phase = 'done';
    await uploading;

    const tally = await ledger.settle(180_000);
    clearInterval(sampler);
    const recorded = await recordedTags(stack, REPOSITORY);
    const byPhase = (during: string) => answers.filter((answer) => answer.during === during);
    report('2-temporal-outage', {
      dialect: stack.database.label,
      injected: `Temporal dev server stopped (SIGTERM) for ${OUTAGE_MS / 1000} s during uploads, restarted on the same port and database file`,
      uploadsBefore: byPhase('before').length,
      uploadsDuringOutage: byPhase('outage').length,
      uploadsAfter: byPhase('after').length,
      non201: answers.filter((answer) => answer.status !== 201).length,
      secondsFromRestartToAllDelivered: Math.round((Date.now() - backAt) / 1000),
      ...tally,
      deliveryRows: await deliveryStatuses(stack, REPOSITORY),
      workerAlive: stack.worker?.alive,
      receivedAfterRestart: progress.join(' '),
    });

    expect(answers.filter((answer) => answer.status !== 201)).toEqual([]);
    // The API did not wait for Temporal: uploads went on being acknowledged while it was down.
    expect(byPhase('outage').length).toBeGreaterThan(0);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ missing: 0, idConflicts: 0, acknowledged: answers.length });
    expect(recorded.size).toBe(answers.length);
    expect(stack.worker?.alive).toBe(true);
  });
});
