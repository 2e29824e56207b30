import { createCipheriv, createHash } from 'node:crypto';
import { Receiver } from '../support/receiver';
import { createTestBucket, type TestBucket } from '../support/s3';
import { dialectsForDescribe } from '../webhooks/helpers';
import { createRepository, download, subscribeJsonWebhook, upload } from './support/admin';
import { sleep } from '../support/timing';
import { ADMIN_AUTH, ensureBuilt } from './support/built-stack';
import { Cluster } from './support/cluster';
import type { HttpAnswer } from './support/http';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { recordedTags } from './support/rows';
import { headerDisagreements } from './support/served-bytes';

const SCENARIO = '11-cluster';
const CLIENTS = 8;
const LOAD_SECONDS = Number(process.env.HERALD_FAULTS_CLUSTER_SECONDS ?? 60);
const CRASH_AT_SECONDS = 20;
const DOWN_SECONDS = 5;
const CRASHED_API = 1;
const CRASHED_WORKER = 1;
/** A worker loads its workflow bundle at boot: on a shared 2-core machine that can take over a minute. */
const WORKER_READY_MS = 150_000;
const MIN_BYTES = 4 * 1024;
const MAX_BYTES = 1024 * 1024;
/** Of the uploads, the share that overwrites one shared path; of the iterations, the share that also reads it. */
const SHARED_PUT_SHARE = 0.15;
const SHARED_GET_SHARE = 0.3;
const RACERS = 20;
/** A request that reached no API (or lost its connection) is sent again through the other, this often at most. */
const ATTEMPTS = 10;
const PAUSE_AFTER_FAILURE_MS = 200;
const REQUEST_TIMEOUT_MS = 30_000;
const SNAPSHOTS = 'cluster';
const RELEASES = 'cluster-releases';
const SHARED_PATH = 'com/example/cluster/shared/1.0-SNAPSHOT/shared-1.0-SNAPSHOT.jar';
const RACED_PATH = 'com/example/cluster/raced/1.0/raced-1.0.jar';

jest.setTimeout(300_000);

/** An HTTP status, or how the request failed: refused (it reached nobody) or cut (it may have been served). */
type Outcome = number | 'refused' | 'cut';

interface Put {
  path: string;
  seed: string;
  size: number;
  sha256: string;
  api: number;
  tag: string;
  startedAt: number;
  finishedAt: number;
  outcome: Outcome;
}

interface Get {
  path: string;
  api: number;
  at: number;
  outcome: Outcome;
  /** For a 200: where its headers disagree with its body. */
  disagreements: string[];
  /** For a 200 whose bytes are known in advance: whether they are those bytes. */
  expected?: boolean;
}

/** Bodies are made again from their seed when checked, so 60 s of uploads are never held in memory. */
function bodyOf(seed: string, size: number): Buffer {
  const cipher = createCipheriv('aes-256-ctr', createHash('sha256').update(seed).digest(), Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

/** Log-uniform from a few KiB to 1 MiB: mostly small files, as a build publishes, and some large. */
function randomSize(): number {
  return Math.round(MIN_BYTES * (MAX_BYTES / MIN_BYTES) ** Math.random());
}

function outcomeOf(attempt: Promise<HttpAnswer>): Promise<{ outcome: Outcome; answer?: HttpAnswer }> {
  return attempt.then(
    (answer) => ({ outcome: answer.status, answer }),
    (error: NodeJS.ErrnoException) => ({ outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'cut' }),
  );
}

const ok = (outcome: Outcome): outcome is number => typeof outcome === 'number' && outcome >= 200 && outcome < 300;
const answered = (outcome: Outcome): outcome is number => typeof outcome === 'number';

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/**
 * Scenario 11 (PostgreSQL + MinIO): Herald scaled out to two APIs and two workers. Eight clients
 * upload and download through both APIs for 60 s; at 20 s one API and one worker are SIGKILLed
 * and 5 s later replaced. No GET may stream bytes its headers disagree with; every 2xx upload
 * must then read back byte-exact through both APIs, and be delivered to the webhook; twenty
 * concurrent PUTs of one release path through both APIs must let exactly one in.
 */
const withPostgres = dialectsForDescribe().includes('postgresql');
if (!withPostgres) process.stdout.write(`[faults] ${SCENARIO}: skipped, PostgreSQL does not answer at 127.0.0.1:5432\n`);

(withPostgres ? describe : describe.skip)('faults: two APIs and two workers, one of each SIGKILLed under load', () => {
  let bucket: TestBucket;
  let cluster: Cluster;
  let receiver: Receiver;
  let ledger: DeliveryLedger;
  let bootSeconds: number;

  // A build of dist/ on a busy machine is not part of the scenario's five minutes.
  beforeAll(() => ensureBuilt(), 600_000);

  beforeAll(async () => {
    const booting = Date.now();
    bucket = await createTestBucket({ prefix: 'herald' });
    receiver = await Receiver.start();
    ledger = new DeliveryLedger('cluster');
    cluster = await Cluster.start({
      name: SCENARIO,
      apis: 2,
      workers: 2,
      env: {
        HERALD_STORAGE: bucket.storageUrl,
        // The children get no environment but their own: the bucket's credentials, as in production.
        AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? '',
        AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? '',
        AWS_REGION: 'us-east-1',
      },
    });
    await createRepository(cluster.port(0), SNAPSHOTS, 'snapshot');
    await createRepository(cluster.port(1), RELEASES, 'release');
    await subscribeJsonWebhook(cluster.port(0), ledger, { receiver, path: `/hooks/${SNAPSHOTS}`, repository: SNAPSHOTS, events: ['file.uploaded'] });
    // Each API learns of the other's repositories and webhooks at its next change poll (250 ms).
    await sleep(1_000);
    bootSeconds = (Date.now() - booting) / 1000;
  });

  afterAll(async () => {
    await cluster?.stop();
    await receiver?.stop();
    await bucket?.drop();
  });

  it('serves consistent bytes through both APIs, keeps every 2xx upload, delivers its event and lets one racer in', async () => {
    const puts: Put[] = [];
    const gets: Get[] = [];
    /** Every body ever sent to the shared path, by digest: what a read of it may show. */
    const sharedBodies = new Set<string>();
    /** Requests that found no API answering in ATTEMPTS tries. */
    const gaveUp: Array<Put | Get> = [];

    const put = async (path: string, seed: string, size: number, api: number): Promise<Put> => {
      const body = bodyOf(seed, size);
      const sha256 = createHash('sha256').update(body).digest('hex');
      if (path === SHARED_PATH) sharedBodies.add(sha256);
      for (let attempt = 1; ; attempt++, api = 1 - api) {
        const tag = ledger.nextTag();
        const startedAt = Date.now();
        const { outcome } = await outcomeOf(upload(cluster.port(api), ADMIN_AUTH, SNAPSHOTS, path, body, tag, REQUEST_TIMEOUT_MS));
        const record: Put = { path, seed, size, sha256, api, tag, startedAt, finishedAt: Date.now(), outcome };
        puts.push(record);
        if (ok(outcome)) ledger.acknowledge(tag, SNAPSHOTS, 'file.uploaded');
        if (answered(outcome)) return record;
        if (attempt === ATTEMPTS) return (gaveUp.push(record), record);
        await sleep(PAUSE_AFTER_FAILURE_MS);
      }
    };

    /** GETs `path`, failing over like put; `isExpected` tells, by its digest, whether a body is one it may be. */
    const get = async (path: string, api: number, isExpected?: (sha256: string) => boolean): Promise<Get> => {
      for (let attempt = 1; ; attempt++, api = 1 - api) {
        const at = Date.now();
        const { outcome, answer } = await outcomeOf(download(cluster.port(api), ADMIN_AUTH, SNAPSHOTS, path, ledger.nextTag(), REQUEST_TIMEOUT_MS));
        const record: Get = { path, api, at, outcome, disagreements: [] };
        if (answer?.status === 200) {
          record.disagreements = headerDisagreements(answer);
          if (isExpected) record.expected = isExpected(createHash('sha256').update(answer.body).digest('hex'));
        }
        gets.push(record);
        if (answered(outcome)) return record;
        if (attempt === ATTEMPTS) return (gaveUp.push(record), record);
        await sleep(PAUSE_AFTER_FAILURE_MS);
      }
    };

    const started = Date.now();
    const loadEnds = started + LOAD_SECONDS * 1000;
    const crossReads: Get[] = [];
    const client = async (index: number) => {
      for (let n = 0; Date.now() < loadEnds; n++) {
        const shared = Math.random() < SHARED_PUT_SHARE;
        const path = shared ? SHARED_PATH : `com/example/cluster/c${index}/${n}/cluster-${index}-${n}.jar`;
        const written = await put(path, `${index}/${n}`, randomSize(), (index + n) % 2);
        // Read your write through the other API: no file not found is remembered, so it is there.
        if (ok(written.outcome) && !shared) crossReads.push(await get(path, 1 - written.api, (sha256) => sha256 === written.sha256));
        if (Math.random() < SHARED_GET_SHARE) await get(SHARED_PATH, n % 2, (sha256) => sharedBodies.has(sha256));
      }
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

    await sleep(CRASH_AT_SECONDS * 1000);
    const crashedAt = Date.now();
    await cluster.crash(CRASHED_API, CRASHED_WORKER);
    await sleep(DOWN_SECONDS * 1000);
    const workerPolling = cluster.restartWorker(CRASHED_WORKER, WORKER_READY_MS).then(() => Date.now());
    await cluster.restartApi(CRASHED_API);
    const restartedAt = Date.now();
    await clients;
    const workerPollingAt = await workerPolling;
    const loadSeconds = (Date.now() - started) / 1000;

    // Twenty PUTs of one release path, ten through each API, each with a body of its own.
    const racing = Date.now();
    const racers = await Promise.all(
      Array.from({ length: RACERS }, async (_, n) => {
        const body = bodyOf(`racer/${n}`, 64 * 1024);
        const answer = await upload(cluster.port(n % 2), ADMIN_AUTH, RELEASES, RACED_PATH, body, ledger.nextTag(), REQUEST_TIMEOUT_MS);
        return { n, status: answer.status, body };
      }),
    );
    const raceSeconds = (Date.now() - racing) / 1000;
    const winners = racers.filter((racer) => racer.status === 201);
    const racedReads = await Promise.all(
      [0, 1].map(async (api) => {
        const answer = await download(cluster.port(api), ADMIN_AUTH, RELEASES, RACED_PATH, ledger.nextTag(), REQUEST_TIMEOUT_MS);
        return { status: answer.status, isTheWinners: winners.length === 1 && answer.body.equals(winners[0].body), disagreements: headerDisagreements(answer) };
      }),
    );

    // After the load, every 2xx upload through both APIs: unique paths are their one body; the
    // shared path is the last version, so one of those no later 2xx overwrite followed entirely
    // (or one whose answer was cut, and which may have committed after them).
    const verifying = Date.now();
    const written = new Map<string, Put>();
    for (const each of puts) if (ok(each.outcome) && each.path !== SHARED_PATH) written.set(each.path, each);
    const sharedOk = puts.filter((each) => each.path === SHARED_PATH && ok(each.outcome));
    const lastShared = puts.filter(
      (each) => each.path === SHARED_PATH && (ok(each.outcome) || each.outcome === 'cut') && !sharedOk.some((later) => later.startedAt > each.finishedAt),
    );
    const finalReads: Get[] = [];
    const checks = [...written.values()].flatMap((each) => [0, 1].map((api) => ({ each, api })));
    const checker = async () => {
      for (let check = checks.pop(); check; check = checks.pop()) {
        const { each, api } = check;
        const { outcome, answer } = await outcomeOf(download(cluster.port(api), ADMIN_AUTH, SNAPSHOTS, each.path, ledger.nextTag(), REQUEST_TIMEOUT_MS));
        const exact = answer?.status === 200 && answer.body.equals(bodyOf(each.seed, each.size));
        finalReads.push({ path: each.path, api, at: Date.now(), outcome, disagreements: answer?.status === 200 ? headerDisagreements(answer) : [], expected: exact });
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, checker));
    const sharedFinal = await Promise.all(
      [0, 1].map(async (api) => {
        const answer = await download(cluster.port(api), ADMIN_AUTH, SNAPSHOTS, SHARED_PATH, ledger.nextTag(), REQUEST_TIMEOUT_MS);
        const matched = lastShared.find((each) => answer.body.equals(bodyOf(each.seed, each.size)));
        return { status: answer.status, sha256: createHash('sha256').update(answer.body).digest('hex'), matchesALastVersion: Boolean(matched), disagreements: headerDisagreements(answer) };
      }),
    );
    const verifySeconds = (Date.now() - verifying) / 1000;

    const settling = Date.now();
    const tally = await ledger.settle(120_000, 30_000);
    const settleSeconds = (Date.now() - settling) / 1000;
    const recorded = await recordedTags(cluster.stack, SNAPSHOTS);
    const okPuts = puts.filter((each) => ok(each.outcome));
    const acknowledgedNotRecordedOnce = okPuts.filter((each) => recorded.get(each.tag) !== 1).length;

    const during = (at: number) => at >= crashedAt && at <= restartedAt;
    const serverErrors = [...puts, ...gets].filter((each) => typeof each.outcome === 'number' && each.outcome >= 500);
    const inconsistentGets = [...gets, ...finalReads].filter((each) => each.disagreements.length > 0);
    const sharedReads = gets.filter((each) => each.path === SHARED_PATH && each.outcome === 200);
    // Until the first overwrite of the shared path is answered, a read of it may find nothing.
    const sharedExistsAt = Math.min(...sharedOk.map((each) => each.finishedAt));
    const crashFelt = puts.filter((each) => each.api === CRASHED_API && !answered(each.outcome)).length + gets.filter((each) => each.api === CRASHED_API && !answered(each.outcome)).length;
    report(SCENARIO, {
      dialect: 'postgresql',
      storage: 's3 (MinIO)',
      injected: `${CLIENTS} clients for ${LOAD_SECONDS} s through 2 APIs and 2 workers; API ${CRASHED_API} and worker ${CRASHED_WORKER} SIGKILLed at ${Math.round((crashedAt - started) / 1000)} s, API back on its port after ${Math.round((restartedAt - crashedAt) / 100) / 10} s, worker polling after ${Math.round((workerPollingAt - crashedAt) / 100) / 10} s`,
      bootSeconds: Math.round(bootSeconds),
      loadSeconds: Math.round(loadSeconds),
      uploads: { attempts: puts.length, ok: okPuts.length, byStatus: countBy(puts, (each) => String(each.outcome)), duringCrash: countBy(puts.filter((each) => during(each.startedAt)), (each) => String(each.outcome)) },
      uploadedMiB: Math.round(okPuts.reduce((sum, each) => sum + each.size, 0) / 1024 / 102.4) / 10,
      uniquePaths: written.size,
      sharedPathOverwrites: sharedOk.length,
      downloads: { attempts: gets.length, byStatus: countBy(gets, (each) => String(each.outcome)), crossReads: crossReads.length, crossReadsNotExact: crossReads.filter((each) => each.expected !== true).length, sharedReads: sharedReads.length },
      refusedOrCutAtCrashedApi: crashFelt,
      gaveUp: gaveUp.length,
      serverErrors: serverErrors.length,
      inconsistentGets: inconsistentGets.length,
      finalReads: finalReads.length,
      finalReadsNotExact: finalReads.filter((each) => !each.expected).length,
      sharedFinal: sharedFinal.map(({ status, matchesALastVersion }) => ({ status, matchesALastVersion })),
      race: { racers: RACERS, byStatus: countBy(racers, (racer) => String(racer.status)), winner: winners.map((racer) => racer.n), reads: racedReads.map(({ status, isTheWinners }) => ({ status, isTheWinners })), seconds: Math.round(raceSeconds * 10) / 10 },
      verifySeconds: Math.round(verifySeconds),
      settleSeconds: Math.round(settleSeconds),
      acknowledgedNotRecordedOnce,
      ...tally,
    });

    // The crash landed under load, and the replaced API served afterwards.
    expect(crashFelt).toBeGreaterThan(0);
    expect(okPuts.filter((each) => each.api === CRASHED_API && each.startedAt > restartedAt).length).toBeGreaterThan(0);
    // PostgreSQL, MinIO and Temporal stay up throughout: the surviving API has no reason to answer
    // 5xx, nor the replaced one once it answers /healthz. A 503 here would mean one API leans on
    // the other, so every 5xx fails, in the crash window too.
    expect(serverErrors.map((each) => `${each.path} via API ${each.api}: ${each.outcome}`)).toEqual([]);
    // A snapshot repository takes every upload and every overwrite.
    expect(puts.filter((each) => answered(each.outcome) && !ok(each.outcome)).slice(0, 5)).toEqual([]);
    expect(gaveUp).toEqual([]);
    expect(gets.filter((each) => answered(each.outcome) && each.outcome !== 200 && !(each.path === SHARED_PATH && each.outcome === 404 && each.at < sharedExistsAt)).slice(0, 5)).toEqual([]);
    expect(inconsistentGets.slice(0, 5)).toEqual([]);
    expect(crossReads.filter((each) => each.expected !== true).slice(0, 5)).toEqual([]);
    expect(sharedReads.filter((each) => each.expected !== true).slice(0, 5)).toEqual([]);
    expect(finalReads.length).toBe(written.size * 2);
    expect(finalReads.filter((each) => !each.expected).slice(0, 5)).toEqual([]);
    expect(sharedOk.length).toBeGreaterThan(0);
    expect(sharedFinal.map((each) => ({ status: each.status, matchesALastVersion: each.matchesALastVersion, disagreements: each.disagreements }))).toEqual([
      { status: 200, matchesALastVersion: true, disagreements: [] },
      { status: 200, matchesALastVersion: true, disagreements: [] },
    ]);
    expect(sharedFinal[0].sha256).toBe(sharedFinal[1].sha256);
    expect(countBy(racers, (racer) => String(racer.status))).toEqual({ '201': 1, '409': RACERS - 1 });
    expect(racedReads).toEqual([
      { status: 200, isTheWinners: true, disagreements: [] },
      { status: 200, isTheWinners: true, disagreements: [] },
    ]);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ acknowledged: okPuts.length, missing: 0, idConflicts: 0 });
    expect(acknowledgedNotRecordedOnce).toBe(0);
  });
});
