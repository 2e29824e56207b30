import { dialectsForDescribe } from '../webhooks/helpers';
import { Receiver } from '../support/receiver';
import { createRepository, download, subscribeJsonWebhook, upload } from './support/admin';
import { sleep, waitUntil } from '../support/timing';
import { ADMIN_AUTH, BuiltStack, ensureBuilt, type ApiChild } from './support/built-stack';
import type { HttpAnswer } from './support/http';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { recordedTags } from './support/rows';

/**
 * The API serves the load this long, or until this many GETs completed, before each SIGKILL and
 * after its last restart: every kill lands mid-load, and the notifications to wait for stay
 * bounded however fast GETs get.
 */
const SERVE_SECONDS = Number(process.env.HERALD_FAULTS_API_CRASH_SERVE_SECONDS ?? 6);
const GETS_PER_WINDOW = Number(process.env.HERALD_FAULTS_API_CRASH_GETS_PER_WINDOW ?? 250);
const KILLS = 2;
const CLIENTS = Number(process.env.HERALD_FAULTS_API_CRASH_CLIENTS ?? 16);
/** How long notifications may take after the load, as long as some arrive every STALL_SECONDS. */
const SETTLE_SECONDS = Number(process.env.HERALD_FAULTS_API_CRASH_SETTLE_SECONDS ?? 600);
const STALL_SECONDS = 60;
const FILES = 8;
const FILE_BYTES = 2048;
/** A client whose GET found the API down waits this long before the next, instead of spinning. */
const PAUSE_AFTER_FAILURE_MS = 100;
const GET_TIMEOUT_MS = 10_000;
const REPOSITORY = 'downloads';

// Each restart may take up to startApi's 60 s.
jest.setTimeout(((KILLS + 1) * SERVE_SECONDS + KILLS * 60 + SETTLE_SECONDS + 120) * 1000);

/** How one GET ended, as its client saw it. */
type Ending = 'completed' | 'refused' | 'cutMidBody' | 'cutBeforeAnswer' | 'incomplete' | 'otherStatus';

/**
 * A GET is completed when it answered 200 with every byte its Content-Length announced.
 * Refused: the API was down, the request reached nobody. Cut: the connection died after the
 * request was written (mid-body: after the head), so the API may have recorded it or not.
 */
function endingOf(answer: HttpAnswer): Ending {
  if (answer.status !== 200) return 'otherStatus';
  const announced = Number(answer.headers['content-length']);
  return Number.isInteger(announced) && answer.body.length === announced ? 'completed' : 'incomplete';
}

function endingOfFailure(error: NodeJS.ErrnoException): Ending {
  if (error.code === 'ECONNREFUSED') return 'refused';
  // node:http fails a response whose connection closed before its Content-Length with "aborted".
  return error.message === 'aborted' ? 'cutMidBody' : 'cutBeforeAnswer';
}

/**
 * Scenario 10: 16 keep-alive clients GET small files flat out from a repository whose JSON
 * webhook subscribes to `file.downloaded`. The API is SIGKILLed twice, each time after serving
 * that load for 6 s or 250 GETs, and restarted on the same port and database while the clients
 * keep going (their GETs refused meanwhile); then it serves as long again. Every GET that completed must be
 * notified; no notification may name a GET that was never sent. GETs cut by a kill may go
 * either way.
 */
describe.each(dialectsForDescribe())('faults: the API SIGKILLed under GET load with a download webhook (%s)', (dialect) => {
  const scenario = `10-api-sigkill-downloads-${dialect}`;
  let stack: BuiltStack;
  let api: ApiChild;
  let receiver: Receiver;
  let ledger: DeliveryLedger;
  const paths = Array.from({ length: FILES }, (_, n) => `com/example/downloads/${n}/downloads-${n}.jar`);

  beforeAll(async () => {
    ensureBuilt();
    receiver = await Receiver.start();
    ledger = new DeliveryLedger(`api-crash-${dialect}`);
    stack = await BuiltStack.create({ name: scenario, dialect });
    api = await stack.startApi();
    await stack.startWorker();
    await createRepository(api.port, REPOSITORY);
    for (const [n, path] of paths.entries()) {
      const answer = await upload(api.port, ADMIN_AUTH, REPOSITORY, path, Buffer.alloc(FILE_BYTES, n + 1), ledger.nextTag());
      if (answer.status !== 201) throw new Error(`upload of ${path} answered ${answer.status}`);
    }
    await subscribeJsonWebhook(api.port, ledger, { receiver, path: `/hooks/${REPOSITORY}`, repository: REPOSITORY, events: ['file.downloaded'] });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('notifies every GET whose response completed, and no GET that was never sent', async () => {
    const port = api.port;
    const sent = new Set<string>();
    const endings = new Map<string, Ending>();
    const completedAt: number[] = [];
    let loading = true;

    const client = async (index: number) => {
      for (let n = index; loading; n += CLIENTS) {
        const tag = ledger.nextTag();
        sent.add(tag);
        let ending: Ending;
        try {
          ending = endingOf(await download(port, ADMIN_AUTH, REPOSITORY, paths[n % FILES], tag, GET_TIMEOUT_MS));
        } catch (error) {
          ending = endingOfFailure(error as NodeJS.ErrnoException);
        }
        endings.set(tag, ending);
        if (ending === 'completed') {
          ledger.acknowledge(tag, REPOSITORY, 'file.downloaded');
          completedAt.push(Date.now());
        } else await sleep(PAUSE_AFTER_FAILURE_MS);
      }
    };
    const started = Date.now();
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));

    const serve = async () => {
      const before = completedAt.length;
      await waitUntil(() => completedAt.length - before >= GETS_PER_WINDOW, SERVE_SECONDS * 1000, 10);
    };
    const kills: Array<{ second: number; downSeconds: number; sentBefore: number }> = [];
    let restartedAt = started;
    try {
      for (let k = 0; k < KILLS; k++) {
        await serve();
        const killedAt = Date.now();
        const sentBefore = sent.size;
        await api.kill();
        api = await stack.startApi({}, port);
        restartedAt = Date.now();
        kills.push({ second: Math.round((killedAt - started) / 1000), downSeconds: Math.round((restartedAt - killedAt) / 100) / 10, sentBefore });
      }
      await serve();
    } finally {
      loading = false;
      await clients;
    }
    const loadSeconds = (Date.now() - started) / 1000;
    const completedAfterLastRestart = completedAt.filter((at) => at > restartedAt).length;

    const tally = await ledger.settle(SETTLE_SECONDS * 1000, STALL_SECONDS * 1000);
    const settledSeconds = (Date.now() - started) / 1000 - loadSeconds;
    const arrived = ledger.arrivedTags();
    const neverSent = [...arrived].filter((tag) => !sent.has(tag));
    const count = (ending: Ending) => [...endings.values()].filter((each) => each === ending).length;
    const cut = [...endings].filter(([, ending]) => ending === 'cutMidBody' || ending === 'cutBeforeAnswer' || ending === 'incomplete');
    const recorded = await recordedTags(stack, REPOSITORY);
    const completedNotRecordedOnce = [...endings].filter(([tag, ending]) => ending === 'completed' && recorded.get(tag) !== 1).length;
    report(scenario, {
      dialect,
      injected: `${CLIENTS} keep-alive clients GETting ${FILES} files of ${FILE_BYTES} bytes flat out, one JSON webhook on file.downloaded; the API SIGKILLed each time it had served ${SERVE_SECONDS} s or ${GETS_PER_WINDOW} GETs, restarted on its port: ${kills.map((kill) => `at ${kill.second} s (${kill.sentBefore} GETs sent; back after ${kill.downSeconds} s)`).join(', ')}`,
      loadSeconds: Math.round(loadSeconds),
      gets: sent.size,
      completed: count('completed'),
      completedAfterLastRestart,
      refused: count('refused'),
      cutMidBody: count('cutMidBody'),
      cutBeforeAnswer: count('cutBeforeAnswer'),
      incomplete: count('incomplete'),
      otherStatus: count('otherStatus'),
      notificationsOfCutGets: cut.filter(([tag]) => arrived.has(tag)).length,
      notificationsOfNeverSentGets: neverSent.length,
      completedNotRecordedOnce,
      secondsToNotifyAllAfterLoad: Math.round(settledSeconds),
      ...tally,
    });

    expect(kills).toHaveLength(KILLS);
    expect(completedAfterLastRestart).toBeGreaterThan(0);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ acknowledged: count('completed'), missing: 0, idConflicts: 0 });
    expect(neverSent).toEqual([]);
    // The ground truth behind the notifications: one recorded event per completed GET.
    expect(completedNotRecordedOnce).toBe(0);
  });
});
