import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ScheduleClient, type Client } from '@temporalio/client';
import { BLOB_GC_SCHEDULE_ID, BLOB_GC_WORKFLOW_TYPE, blobGcScheduleId, DEFAULT_TASK_QUEUE, type BlobGcSummary, type BlobGcWorkflowInput } from '@herald/contracts';
import { tableOf } from '@herald/persistence';
import { blobKey, createBlobStore, STAGED_PREFIX, type BlobStore } from '@herald/storage';
import { blobGcSchedule, ensureBlobGcSchedule } from '../../apps/worker/src/blob-gc-schedule';
import { TestStack } from '../support/stack';
import { eventually, sleep } from '../support/timing';
import { admin, backends } from './helpers';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe.each(backends().map((backend) => [backend.label, backend] as const))('blob garbage collection on the engine (%s)', (_label, { dialect, storage }) => {
  let stack: TestStack;
  let client: Client;
  let store: BlobStore;
  let root: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, storage });
    client = await stack.temporalClient();
    store = createBlobStore(stack.config.storage);
    root = stack.config.storage.kind === 'file' ? stack.config.storage.root : '';
    await admin(stack, 'POST', '/repositories', { name: 'gc', policy: 'snapshot' });
    // Collections run by hand here: the worker's hourly schedule must not run one of its own when a
    // test crosses the top of an hour. It is created at the worker's boot, so it may take a moment.
    const schedule = client.schedule.getHandle(blobGcScheduleId(stack.config.temporal.taskQueue));
    await eventually(() => schedule.pause('collections are run by hand in this test').then(() => true), 'the blob-gc schedule paused', { timeoutMs: 10_000, everyMs: 250 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Runs one collection on the stack's worker, as the schedule would, and returns its summary. */
  async function collect(input: BlobGcWorkflowInput): Promise<{ summary: BlobGcSummary; firstRunId: string; workflowId: string }> {
    const workflowId = `${blobGcScheduleId(stack.config.temporal.taskQueue)}-test-${randomBytes(4).toString('hex')}`;
    const handle = await client.workflow.start(BLOB_GC_WORKFLOW_TYPE, { taskQueue: stack.config.temporal.taskQueue, workflowId, args: [input] });
    return { summary: (await handle.result()) as BlobGcSummary, firstRunId: handle.firstExecutionRunId, workflowId };
  }

  async function put(path: string, body: Buffer): Promise<void> {
    const response = await stack.request('PUT', `/repositories/gc/${path}`, { body });
    expect({ path, status: response.status }).toEqual({ path, status: 201 });
  }

  async function download(path: string): Promise<{ status: number; body: Buffer }> {
    const response = await stack.request('GET', `/repositories/gc/${path}`);
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  }

  async function remove(path: string): Promise<void> {
    expect((await stack.request('DELETE', `/repositories/gc/${path}`)).status).toBe(204);
  }

  /** The blob rows, digest to whether they are orphaned. */
  async function blobRows(): Promise<Map<string, boolean>> {
    const rows: Array<{ sha256: string; orphaned_at: unknown }> = await stack.orm.em
      .fork()
      .getConnection()
      .execute(`select "sha256", "orphaned_at" from ${tableOf(stack.config.database, 'blob')}`, [], 'all');
    return new Map(rows.map((row) => [row.sha256, row.orphaned_at !== null]));
  }

  /** Bytes written into the store by hand, as a restore would leave them, `ageMs` old. */
  function placeStray(bytes: Buffer, ageMs: number): string {
    const digest = sha256(bytes);
    const file = join(root, blobKey(digest));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, bytes);
    const then = new Date(Date.now() - ageMs);
    utimesSync(file, then, then);
    return digest;
  }

  it('frees the blobs no file points at once the grace period has passed, and keeps those files point at', async () => {
    const shared = randomBytes(3_000);
    const replaced = randomBytes(5_000);
    const replacement = randomBytes(7_000);
    const deleted = randomBytes(11_000);
    await put('shared/a.jar', shared);
    await put('shared/b.jar', shared);
    await put('replaced.jar', replaced);
    await put('replaced.jar', replacement);
    await put('deleted.jar', deleted);
    await remove('deleted.jar');
    await remove('shared/b.jar');

    // Orphaned from this run on: within the grace period, nothing is freed yet.
    const first = await collect({ graceMs: HOUR_MS });
    expect(first.summary).toEqual({ marked: 2, freedBlobs: 0, freedBytes: 0, strays: 0, stagedDropped: 0 });
    expect(await blobRows()).toEqual(new Map([[sha256(shared), false], [sha256(replaced), true], [sha256(replacement), false], [sha256(deleted), true]]));
    expect(await store.has(sha256(replaced))).toBe(true);
    expect(await store.has(sha256(deleted))).toBe(true);

    const second = await collect({ graceMs: 0 });
    expect(second.summary).toEqual({ marked: 0, freedBlobs: 2, freedBytes: 16_000, strays: 0, stagedDropped: 0 });
    expect(await blobRows()).toEqual(new Map([[sha256(shared), false], [sha256(replacement), false]]));
    for (const gone of [replaced, deleted]) expect(await store.has(sha256(gone))).toBe(false);
    expect(await download('shared/a.jar')).toEqual({ status: 200, body: shared });
    expect(await download('replaced.jar')).toEqual({ status: 200, body: replacement });
    expect((await download('shared/b.jar')).status).toBe(404);
  });

  it('a blob a file points at again before it is freed is orphaned no more', async () => {
    const content = randomBytes(2_000);
    await put('again/x.jar', content);
    await remove('again/x.jar');
    expect((await collect({ graceMs: HOUR_MS })).summary.marked).toBe(1);
    await put('again/y.jar', content);
    expect((await collect({ graceMs: 0 })).summary).toEqual({ marked: 0, freedBlobs: 0, freedBytes: 0, strays: 0, stagedDropped: 0 });
    expect((await blobRows()).get(sha256(content))).toBe(false);
    expect(await download('again/y.jar')).toEqual({ status: 200, body: content });
  });

  // Ages are set on local files; S3 keeps its own LastModified (its strays: the next test).
  (storage === 'file' ? it : it.skip)('frees stray bytes no row names once older than the grace period, and staged uploads older than a day', async () => {
    const old = placeStray(randomBytes(1_000), 2 * HOUR_MS);
    const young = placeStray(randomBytes(1_000), 0);
    const staged = join(root, STAGED_PREFIX);
    mkdirSync(staged, { recursive: true });
    writeFileSync(join(staged, 'crashed'), 'left by a crash');
    const longAgo = new Date(Date.now() - 2 * DAY_MS);
    utimesSync(join(staged, 'crashed'), longAgo, longAgo);
    writeFileSync(join(staged, 'receiving'), 'an upload still receiving its body');

    expect((await collect({ graceMs: HOUR_MS })).summary).toEqual({ marked: 0, freedBlobs: 0, freedBytes: 0, strays: 1, stagedDropped: 1 });
    expect(await store.has(old)).toBe(false);
    expect(await store.has(young)).toBe(true);

    // A grace of 0 takes the young stray too, but never a staged upload younger than a day.
    expect((await collect({ graceMs: 0 })).summary).toEqual({ marked: 0, freedBlobs: 0, freedBytes: 0, strays: 1, stagedDropped: 0 });
    expect(await store.has(young)).toBe(false);
    expect(await store.dropStagedBefore(new Date(Date.now() + 1_000))).toBe(1);
    expect((await blobRows()).has(young)).toBe(false);
  });

  (storage === 's3' ? it : it.skip)('frees an object written into the bucket behind its back', async () => {
    const bytes = randomBytes(1_000);
    const bucket = stack.bucket;
    if (!bucket) throw new Error('an s3 stack has a bucket of its own');
    await bucket.client.send(new PutObjectCommand({ Bucket: bucket.bucket, Key: blobKey(sha256(bytes)), Body: bytes }));
    expect(await store.has(sha256(bytes))).toBe(true);
    expect((await collect({ graceMs: HOUR_MS })).summary.strays).toBe(0);
    expect((await collect({ graceMs: 0 })).summary).toEqual({ marked: 0, freedBlobs: 0, freedBytes: 0, strays: 1, stagedDropped: 0 });
    expect(await store.has(sha256(bytes))).toBe(false);
  });

  it('works in pages, continuing as new with its cursor and totals', async () => {
    const contents = [randomBytes(100), randomBytes(200), randomBytes(300), randomBytes(400)];
    for (const [index, content] of contents.entries()) await put(`paged/${index}.bin`, content);
    for (const index of contents.keys()) await remove(`paged/${index}.bin`);

    const { summary, firstRunId, workflowId } = await collect({ graceMs: 0, pageSize: 1, pagesPerRun: 3 });
    expect(summary).toEqual({ marked: 4, freedBlobs: 4, freedBytes: 1_000, strays: 0, stagedDropped: 0 });
    expect((await client.workflow.getHandle(workflowId, firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
    for (const content of contents) expect(await store.has(sha256(content))).toBe(false);
    expect(await download('shared/a.jar')).toMatchObject({ status: 200 });
  });

  it('an upload of an orphan\'s content while collection frees it ends with the file downloadable', async () => {
    const orders: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const content = randomBytes(20_000 + round);
      await put(`race/${round}/first.bin`, content);
      await remove(`race/${round}/first.bin`);
      // Orphaned long ago: this collection may free it, unless the upload's claim comes first.
      await collect({ graceMs: HOUR_MS });
      await stack.orm.em
        .fork()
        .getConnection()
        .execute(`update ${tableOf(stack.config.database, 'blob')} set "orphaned_at" = ? where "sha256" = ?`, [dialect === 'sqlite' ? 0 : new Date(0), sha256(content)], 'run');

      // Staggered, so that some uploads claim before the collection frees and others after.
      const upload = sleep(round * 300).then(() => put(`race/${round}/second.bin`, content));
      const [gc] = await Promise.all([collect({ graceMs: HOUR_MS }), upload]);
      orders.push(gc.summary.freedBlobs);
      expect(await download(`race/${round}/second.bin`)).toEqual({ status: 200, body: content });
      expect(await store.has(sha256(content))).toBe(true);
      expect((await blobRows()).get(sha256(content))).toBe(false);
    }
    // Which way each round went (1: freed before the upload claimed it), for whoever reads a failure.
    console.info(`blob-gc race rounds, blobs freed: ${orders.join(' ')}`);
  });
});

describe('the blob garbage collection schedule', () => {
  let stack: TestStack;
  let schedules: ScheduleClient;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { HERALD_BLOB_GC_EVERY: '30m', HERALD_BLOB_GC_GRACE: '2h' } });
    const client = await stack.temporalClient();
    schedules = new ScheduleClient({ connection: client.connection, namespace: stack.config.temporal.namespace });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('is named herald-blob-gc on the default task queue, and after its queue on any other', () => {
    const settings = { blobGc: { everyMs: HOUR_MS, graceMs: HOUR_MS } };
    expect(blobGcSchedule({ ...settings, temporal: { ...stack.config.temporal, taskQueue: DEFAULT_TASK_QUEUE } }).scheduleId).toBe(BLOB_GC_SCHEDULE_ID);
    expect(blobGcSchedule({ ...settings, temporal: stack.config.temporal }).scheduleId).toBe(`herald-blob-gc-${stack.config.temporal.taskQueue}`);
  });

  it('exists once the worker has started: every HERALD_BLOB_GC_EVERY, skipping overlaps, the grace as its argument, on the worker\'s queue', async () => {
    const handle = schedules.getHandle(blobGcScheduleId(stack.config.temporal.taskQueue));
    await eventually(() => handle.describe().then(() => true, () => false), 'the blob-gc schedule', { timeoutMs: 10_000 });
    const described = await handle.describe();
    expect(described.spec.intervals?.map((interval) => interval.every)).toEqual([1_800_000]);
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: BLOB_GC_WORKFLOW_TYPE, taskQueue: stack.config.temporal.taskQueue, args: [{ graceMs: 7_200_000 }] });
  });

  it('is created once when a fleet of workers starts together, updated when their settings change, and stays paused when an operator paused it', async () => {
    const config = { temporal: { ...stack.config.temporal, taskQueue: `fleet-${randomBytes(4).toString('hex')}` }, blobGc: { everyMs: HOUR_MS, graceMs: HOUR_MS } };
    const connection = (await stack.temporalClient()).connection;
    const namespace = stack.config.temporal.namespace;
    const handle = schedules.getHandle(blobGcScheduleId(config.temporal.taskQueue));
    try {
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => ensureBlobGcSchedule(connection, namespace, config)));
      expect(outcomes.sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);

      await handle.pause('by the operator');
      const changed = { ...config, blobGc: { everyMs: 2 * HOUR_MS, graceMs: 0 } };
      expect(await ensureBlobGcSchedule(connection, namespace, changed)).toBe('updated');
      expect(await ensureBlobGcSchedule(connection, namespace, changed)).toBe('unchanged');
      const described = await handle.describe();
      expect(described.spec.intervals?.map((interval) => interval.every)).toEqual([2 * HOUR_MS]);
      expect(described.action).toMatchObject({ args: [{ graceMs: 0 }] });
      expect(described.state.paused).toBe(true);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
