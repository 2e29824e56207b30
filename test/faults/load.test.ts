import { randomBytes } from 'node:crypto';
import { Receiver } from '../support/receiver';
import { postgresReachable } from '../support/databases';
import { createJsonWebhook, createRepository, download, upload } from './support/admin';
import { sleep, waitUntil } from '../support/timing';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { queryRows } from './support/rows';

const SECONDS = Number(process.env.HERALD_FAULTS_LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.HERALD_FAULTS_LOAD_CLIENTS ?? 50);
/** A build tool's pause between two requests (resolving, compiling); 0 runs flat out. */
const PAUSE_MS = Number(process.env.HERALD_FAULTS_LOAD_PAUSE_MS ?? 1000);
/** Builds fetch far more than they publish: this many downloads follow each upload. */
const DOWNLOADS_PER_UPLOAD = Number(process.env.HERALD_FAULTS_LOAD_DOWNLOADS_PER_UPLOAD ?? 4);
const DRAIN_SECONDS = Number(process.env.HERALD_FAULTS_LOAD_DRAIN_SECONDS ?? 600);
const REPOSITORIES = 5;
const WEBHOOKS_PER_REPOSITORY = 10;

jest.setTimeout((SECONDS + DRAIN_SECONDS + 120) * 1000);

interface Outcome {
  type: 'file.uploaded' | 'file.downloaded';
  status: number;
  tag: string;
  repository: string;
}

/**
 * Scenario 8: CLIENTS build tools upload and download for SECONDS against the built API, with
 * WEBHOOKS_PER_REPOSITORY webhooks per repository on as many loopback receivers (one host each,
 * as separate CI systems would be), subscribed to uploads. No answer may be a 5xx; every
 * acknowledged upload must be one recorded event and reach all ten receivers, and every
 * acknowledged download, which nobody subscribes to, must be counted on its file and be no row.
 */
describe('faults: load', () => {
  let stack: BuiltStack;
  const receivers: Receiver[] = [];
  let ledger: DeliveryLedger;

  beforeAll(async () => {
    ensureBuilt();
    const dialect = (await postgresReachable()) ? 'postgresql' : 'sqlite';
    ledger = new DeliveryLedger('load');
    stack = await BuiltStack.create({ name: '8-load', dialect });
    await stack.startApi();
    await stack.startWorker();
    for (let k = 0; k < WEBHOOKS_PER_REPOSITORY; k++) receivers.push(await Receiver.start());
    for (let r = 0; r < REPOSITORIES; r++) {
      const repository = `load-${r}`;
      await createRepository(stack.port, repository);
      for (const receiver of receivers) {
        const path = `/hooks/${repository}`;
        const webhookId = await createJsonWebhook(stack.port, repository, `${receiver.url}${path}`);
        ledger.subscribe({ webhookId, receiver, path, repository, events: ['file.uploaded'] });
      }
    }
  });

  afterAll(async () => {
    await stack?.stop();
    for (const receiver of receivers) await receiver.stop();
  });

  it('answers no 5xx, records every acknowledged request and delivers every upload to its ten webhooks', async () => {
    const outcomes: Outcome[] = [];
    const uploaded: string[][] = Array.from({ length: REPOSITORIES }, () => []);
    const failures: string[] = [];
    const end = Date.now() + SECONDS * 1000;

    const client = async (index: number) => {
      const r = index % REPOSITORIES;
      const repository = `load-${r}`;
      for (let n = 0; Date.now() < end; n++) {
        try {
          if (n % (DOWNLOADS_PER_UPLOAD + 1) === 0 || uploaded[r].length === 0) {
            const path = `com/example/load/c${index}/${n}/load-${index}-${n}.jar`;
            const tag = ledger.nextTag();
            const put = await upload(stack.port, ADMIN_AUTH, repository, path, randomBytes(1024 + ((index * 997 + n * 131) % 31_744)), tag);
            outcomes.push({ type: 'file.uploaded', status: put.status, tag, repository });
            if (put.status === 201) {
              ledger.acknowledge(tag, repository, 'file.uploaded');
              uploaded[r].push(path);
            }
          } else {
            const pick = uploaded[r][(index * 7919 + n * 104_729) % uploaded[r].length];
            const tag = ledger.nextTag();
            const get = await download(stack.port, ADMIN_AUTH, repository, pick, tag);
            outcomes.push({ type: 'file.downloaded', status: get.status, tag, repository });
          }
        } catch (error) {
          failures.push((error as Error).message);
        }
        if (PAUSE_MS > 0) await sleep(PAUSE_MS);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    const loadSeconds = (Date.now() - started) / 1000;

    const tally = await ledger.settle(DRAIN_SECONDS * 1000);
    const drainedSeconds = (Date.now() - started) / 1000 - loadSeconds;
    const dispatched = await waitUntil(async () => (await queryRows(stack, 'select id from file_event where dispatched_at is null')).length === 0, 60_000, 1_000);
    const rows = await queryRows<{ tag: string; type: string }>(stack, 'select actor_user_agent as tag, type from file_event');
    const recorded = new Map<string, number>();
    for (const row of rows) recorded.set(row.tag, (recorded.get(row.tag) ?? 0) + 1);
    const acknowledged = outcomes.filter((outcome) => outcome.status === 201 || outcome.status === 200);
    const acknowledgedUploads = acknowledged.filter((outcome) => outcome.type === 'file.uploaded');
    const acknowledgedDownloads = acknowledged.length - acknowledgedUploads.length;
    const notRecordedOnce = acknowledgedUploads.filter((outcome) => recorded.get(outcome.tag) !== 1);
    // Counted in memory and written every second.
    const downloadsCounted = async () => Number((await queryRows<{ total: number | string }>(stack, 'select coalesce(sum(download_count), 0) as total from stored_file'))[0].total);
    const countedExactly = await waitUntil(async () => (await downloadsCounted()) === acknowledgedDownloads, 10_000, 500);
    const byStatus: Record<string, number> = {};
    for (const outcome of outcomes) byStatus[`${outcome.type} ${outcome.status}`] = (byStatus[`${outcome.type} ${outcome.status}`] ?? 0) + 1;
    report('8-load', {
      dialect: stack.database.label,
      injected: `${CLIENTS} clients for ${SECONDS} s (one upload, then ${DOWNLOADS_PER_UPLOAD} downloads, ${PAUSE_MS} ms apart), ${REPOSITORIES} repositories × ${WEBHOOKS_PER_REPOSITORY} JSON webhooks on ${receivers.length} loopback receivers`,
      loadSeconds: Math.round(loadSeconds),
      uploads: outcomes.filter((outcome) => outcome.type === 'file.uploaded').length,
      downloads: outcomes.filter((outcome) => outcome.type === 'file.downloaded').length,
      byStatus,
      requestsPerSecond: Math.round(outcomes.length / loadSeconds),
      clientErrors: failures.length,
      events: rows.length,
      downloadsCounted: await downloadsCounted(),
      deliveriesExpected: tally.expected,
      deliveriesReceived: tally.requests,
      secondsToDeliverAllAfterLoad: Math.round(drainedSeconds),
      ...tally,
    });

    expect(failures).toEqual([]);
    expect(Object.keys(byStatus).filter((key) => !/ (200|201)$/.test(key))).toEqual([]);
    expect(notRecordedOnce).toEqual([]);
    expect(rows.length).toBe(acknowledgedUploads.length);
    expect(countedExactly).toBe(true);
    expect(dispatched).toBe(true);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ missing: 0, idConflicts: 0, unacknowledged: 0 });
  });
});
