import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Delivery, DeliveryAttempt } from '@herald/persistence';
import { ATTEMPTS_PER_HOST } from '../../apps/worker/src/activities/host-gate';
import { dialectsForDescribe } from '../webhooks/helpers';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { createRepository, createWebhook, inParallel, upload } from './helpers';

/** Takes every request and never answers; counts what it holds at once, and each event id seen. */
async function hangingTarget(): Promise<{ url: string; inFlight: () => number; maxInFlight: () => number; seen: string[]; stop: () => Promise<void> }> {
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: string[] = [];
  const server: Server = createServer((request) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    seen.push(request.headers['webhook-id'] as string);
    request.socket.once('close', () => (inFlight -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    seen,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const HANGING = 40;
const HEALTHY = 20;

// Fairness is the worker's, not the database's: PostgreSQL where it answers, since with SQLite the
// in-process API and worker of TestStack stall each other under concurrent writes (one event loop,
// synchronous busy waits), which production's separate processes do not.
const dialect = dialectsForDescribe().includes('postgresql') ? 'postgresql' : 'sqlite';

describe(`fairness between targets (${dialect})`, () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Each attempt to the hanging target holds 5 s; no retry comes during the test.
    stack = await TestStack.start({ dialect, env: { HERALD_ATTEMPT_TIMEOUT: '5s', HERALD_RETRY_SCHEDULE: '10m' } });
  }, 60_000);

  afterAll(async () => {
    // The worker drains: attempts still hanging run out their 5 s first.
    await stack?.stop();
  }, 60_000);

  it('a hanging host holds at most its share of attempts; other targets are delivered meanwhile, and turned-back attempts are not attempts', async () => {
    const hanging = await hangingTarget();
    const healthy = await Receiver.start();
    try {
      await createRepository(stack, 'hang');
      await createRepository(stack, 'ok');
      const stuck = await createWebhook(stack, { repository: 'hang', target: { type: 'json', url: hanging.url }, events: ['file.uploaded'] });
      await createWebhook(stack, { repository: 'ok', target: { type: 'json', url: healthy.url }, events: ['file.uploaded'] });

      await inParallel(HANGING, 4, (i) => upload(stack, 'hang', `slow/${i}.jar`));
      await eventually(() => hanging.inFlight() === ATTEMPTS_PER_HOST, 'the hanging host to fill up');
      await inParallel(HEALTHY, 4, (i) => upload(stack, 'ok', `fast/${i}.jar`));
      await healthy.waitFor(HEALTHY, 60_000);
      // Delivered while the hanging host still held attempts open, not after it let go.
      expect(hanging.inFlight()).toBeGreaterThan(0);

      // Every hanging delivery gets its one attempt in the end, never more than the gate allows at once.
      const em = stack.orm.em.fork();
      const attempts = await eventually(async () => {
        const rows = await em.fork().find(DeliveryAttempt, { delivery: { webhookId: stuck.id } });
        return rows.length === HANGING && rows;
      }, 'one attempt per hanging delivery', { timeoutMs: 120_000 });
      expect(hanging.maxInFlight()).toBe(ATTEMPTS_PER_HOST);
      expect(attempts.every((attempt) => attempt.number === 1 && attempt.errorClass === 'RetryableDeliveryError')).toBe(true);
      // Each event reached the hanging host exactly once: a turned-back attempt sends nothing.
      expect(hanging.seen).toHaveLength(HANGING);
      expect(new Set(hanging.seen).size).toBe(HANGING);
      const deliveries = await em.find(Delivery, { webhookId: stuck.id });
      expect(deliveries.every((delivery) => delivery.status === 'retrying' && delivery.attemptCount === 1)).toBe(true);
    } finally {
      await healthy.stop();
      await hanging.stop();
    }
  }, 240_000);
});
