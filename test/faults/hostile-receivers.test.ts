import { Receiver } from '../support/receiver';
import { createJsonWebhook, createRepository, deliveriesOf, upload, type DeliveryView } from './support/admin';
import { waitUntil } from '../support/timing';
import { memoryOf } from '../support/built-herald';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { HostileReceiver, type Hostility } from './support/hostile-receiver';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';

const ATTEMPT_TIMEOUT_MS = 2_000;
/** Scheduling, the attempt's own database writes and a busy 2-core machine, beyond the timeout. */
const ATTEMPT_MARGIN_MS = 2_000;
const MAX_ATTEMPTS = 3;
/** Below the four failed deliveries in a row that pause a webhook (endpoint health). */
const FAILING_EVENTS = 2;
const HUGE_EVENTS = 10;
/** The first warms the worker up; memory is compared between the later ones. */
const ROUNDS = Number(process.env.HERALD_FAULTS_HOSTILE_ROUNDS ?? 3);
const MiB = 1024 * 1024;
/**
 * Above the first round, at the peak. The receivers offer 50 MB per huge answer, ten a round: a
 * worker that read or kept them would pass this at once. Below it, RSS follows V8's garbage
 * collection (it rises some 10 MB a round, then drops back at a major collection).
 */
const RSS_GROWTH_LIMIT = 64 * MiB;
const KINDS = ['hang', 'trickle', 'huge', 'redirect', 'reset'] as const;

jest.setTimeout(300_000);

/**
 * Scenario 5: receivers that hang, trickle their headers, answer a 50 MB body, redirect to an
 * internal address, or reset the connection. Each attempt must end within
 * HERALD_ATTEMPT_TIMEOUT (plus a margin), be retried or failed as the contract says, and the
 * worker's memory must stay flat; a healthy receiver beside them gets every event.
 */
describe('faults: hostile receivers', () => {
  let stack: BuiltStack;
  let healthy: Receiver;
  let internal: Receiver;
  let ledger: DeliveryLedger;
  const receivers = new Map<Hostility, HostileReceiver>();
  let uploads = 0;

  beforeAll(async () => {
    ensureBuilt();
    healthy = await Receiver.start();
    internal = await Receiver.start();
    ledger = new DeliveryLedger('hostile');
    stack = await BuiltStack.create({ name: '5-hostile-receivers', dialect: 'sqlite', env: { HERALD_ATTEMPT_TIMEOUT: `${ATTEMPT_TIMEOUT_MS}ms`, HERALD_RETRY_SCHEDULE: '1s,1s' } });
    await stack.startApi();
    await stack.startWorker();
    for (const kind of KINDS) receivers.set(kind, await HostileReceiver.start(kind, { redirectTo: `${internal.url}/internal/latest/meta-data/` }));
  });

  afterAll(async () => {
    await stack?.stop();
    for (const receiver of receivers.values()) await receiver.stop();
    await healthy?.stop();
    await internal?.stop();
  });

  async function uploadTo(repository: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const n = ++uploads;
      const tag = ledger.nextTag();
      const answer = await upload(stack.port, ADMIN_AUTH, repository, `com/example/hostile/${n}/hostile-${n}.jar`, `hostile artifact ${n}`, tag);
      expect(answer.status).toBe(201);
      ledger.acknowledge(tag, repository, 'file.uploaded');
    }
  }

  /** Waits until every delivery of a webhook has ended, then returns them with their attempts. */
  async function ended(webhookId: string, count: number): Promise<DeliveryView[]> {
    const done = await waitUntil(async () => {
      const list = await deliveriesOf(stack.port, webhookId);
      return list.length === count && list.every((delivery) => delivery.status === 'succeeded' || delivery.status === 'failed');
    }, 120_000, 1_000);
    const deliveries = await deliveriesOf(stack.port, webhookId);
    if (!done) throw new Error(`deliveries of ${webhookId} did not end: ${JSON.stringify(deliveries)}`);
    return deliveries;
  }

  /**
   * One round: a repository of its own with a fresh webhook on each hostile receiver (fresh, so
   * none reaches the failures in a row that pause a webhook) and one on the healthy receiver.
   * The huge receiver gets more events: its answer is the one that could fill memory.
   */
  async function round(r: number): Promise<Record<Hostility, DeliveryView[]>> {
    const repository = `hostile-${r}`;
    await createRepository(stack.port, repository);
    await createRepository(stack.port, `${repository}-huge`);
    const path = `/hooks/${repository}`;
    ledger.subscribe({ webhookId: await createJsonWebhook(stack.port, repository, `${healthy.url}${path}`), receiver: healthy, path, repository, events: ['file.uploaded'] });
    const webhooks = new Map<Hostility, string>();
    for (const kind of KINDS) webhooks.set(kind, await createJsonWebhook(stack.port, kind === 'huge' ? `${repository}-huge` : repository, receivers.get(kind)!.url));
    await Promise.all([uploadTo(repository, FAILING_EVENTS), uploadTo(`${repository}-huge`, HUGE_EVENTS)]);
    const outcomes = await Promise.all(KINDS.map(async (kind) => [kind, await ended(webhooks.get(kind)!, kind === 'huge' ? HUGE_EVENTS : FAILING_EVENTS)] as const));
    return Object.fromEntries(outcomes) as Record<Hostility, DeliveryView[]>;
  }

  const attemptsOf = (deliveries: DeliveryView[]) => deliveries.flatMap((delivery) => delivery.attempts ?? []);

  it('bounds every attempt, retries or fails as the contract says, and keeps the worker flat', async () => {
    const worker = stack.worker!;
    const rss: number[] = [];
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(worker.pid).rssBytes)), 100);
    const rounds: Array<Record<Hostility, DeliveryView[]>> = [];
    for (let r = 1; r <= ROUNDS; r++) {
      rounds.push(await round(r));
      rss.push(memoryOf(worker.pid).rssBytes);
    }
    clearInterval(sampler);
    const tally = await ledger.settle(60_000);

    const all = (kind: Hostility) => rounds.flatMap((outcome) => outcome[kind]);
    const longest = (kind: Hostility) => Math.max(...attemptsOf(all(kind)).map((attempt) => attempt.durationMs));
    const huge = receivers.get('huge')!;
    report('5-hostile-receivers', {
      injected: `${ROUNDS} rounds of receivers that hang, trickle headers (1 byte / 200 ms), answer 200 with 50 MB, redirect (302) to an internal address, reset the connection (TCP RST); HERALD_ATTEMPT_TIMEOUT ${ATTEMPT_TIMEOUT_MS} ms, ${MAX_ATTEMPTS} attempts`,
      outcomes: Object.fromEntries(
        KINDS.map((kind) => [
          kind,
          {
            deliveries: all(kind).length,
            statuses: [...new Set(all(kind).map((delivery) => delivery.status))],
            attempts: attemptsOf(all(kind)).length,
            recordedAttemptNumbers: [...new Set(all(kind).map((delivery) => (delivery.attempts ?? []).map((attempt) => attempt.number).sort().join(',')))],
            longestAttemptMs: longest(kind),
            outcomes: [...new Set(attemptsOf(all(kind)).map((attempt) => attempt.error ?? `${attempt.statusCode}`))],
          },
        ]),
      ),
      requestsReachingTheInternalAddress: internal.requests.length,
      hugeBodyBytesWrittenPerRequest: Math.max(...huge.bodyBytesSent),
      workerRssMiBAfterEachRound: rss.map((bytes) => Math.round(bytes / MiB)),
      workerRssPeakMiB: Math.round(peak / MiB),
      healthyReceiver: tally,
    });

    for (const kind of ['hang', 'trickle', 'reset'] as const) {
      // Retried: every attempt of the schedule was made, each one reached the receiver, and failed.
      expect(all(kind).map((delivery) => [delivery.status, delivery.attemptCount])).toEqual(Array(ROUNDS * FAILING_EVENTS).fill(['failed', MAX_ATTEMPTS]));
      // Each attempt reaches the receiver, unless Temporal lost its task (then it times out, unrecorded, and counts).
      expect(receivers.get(kind)!.requests.length).toBeLessThanOrEqual(ROUNDS * FAILING_EVENTS * MAX_ATTEMPTS);
      expect(receivers.get(kind)!.requests.length).toBeGreaterThan(ROUNDS * FAILING_EVENTS);
      expect(attemptsOf(all(kind)).every((attempt) => attempt.error !== null && attempt.statusCode === null)).toBe(true);
    }
    // 3xx is a failure that ends the delivery at once; the redirect is never followed.
    expect(all('redirect').map((delivery) => [delivery.status, delivery.attemptCount, delivery.lastStatusCode])).toEqual(Array(ROUNDS * FAILING_EVENTS).fill(['failed', 1, 302]));
    expect(internal.requests).toHaveLength(0);
    // A 2xx with a body nobody needs is a success; only an excerpt of it is read.
    expect(all('huge').every((delivery) => delivery.status === 'succeeded' && delivery.attemptCount === 1 && delivery.lastStatusCode === 200)).toBe(true);
    expect(Math.max(...huge.bodyBytesSent)).toBeLessThan(50 * MiB);
    for (const kind of KINDS) expect(longest(kind)).toBeLessThanOrEqual(ATTEMPT_TIMEOUT_MS + ATTEMPT_MARGIN_MS);
    // Warmed up after the first round; what later rounds are offered does not stay in memory.
    expect(peak - rss[0]).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ missing: 0, idConflicts: 0 });
  });
});
