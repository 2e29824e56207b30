import { Delivery, FileEvent } from '@herald/persistence';
import type { DigestData } from '@herald/contracts';
import { Receiver } from '../support/receiver';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { eventually, sleep } from '../support/timing';
import { api, createRepository, createWebhook, distinctById, download, inParallel, upload, verified, type Notification } from './helpers';

const WINDOW_SECONDS = 10;
const PATHS = Array.from({ length: 10 }, (_, i) => `com/example/lib${i}/1.0/lib${i}-1.0.jar`);

/** Sums the file.downloaded counts of digests, overall and per path. */
function totals(digests: Array<Notification<DigestData>>): { all: number; byPath: Record<string, number> } {
  const byPath: Record<string, number> = {};
  for (const digest of digests) for (const entry of digest.data.paths) byPath[entry.path] = (byPath[entry.path] ?? 0) + (entry.counts['file.downloaded'] ?? 0);
  return { all: digests.reduce((sum, digest) => sum + (digest.data.counts['file.downloaded'] ?? 0), 0), byPath };
}

describe('download digests', () => {
  let stack: TestStack;
  let receiver: Receiver;
  let reader: string;

  beforeEach(async () => {
    receiver = await Receiver.start();
  });

  afterEach(async () => {
    await receiver.stop();
  });

  beforeAll(async () => {
    stack = await TestStack.start({ env: { HERALD_RETRY_SCHEDULE: '1s,1s' } });
    await api(stack, 'POST', '/users', { username: 'farm', password: 'farm-password-1', role: 'reader' });
    reader = basicAuth('farm', 'farm-password-1');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Waits until the digests received so far count `expected` downloads, then one window more for any late one. */
  async function digestsCounting(secret: string, expected: number): Promise<Array<Notification<DigestData>>> {
    // A digest sent twice (a retry) carries its id twice, with the same content: counted once.
    const received = () => distinctById(receiver.requests.map((request) => verified<DigestData>(request, secret)));
    await eventually(() => totals(received()).all >= expected, `digests counting ${expected} downloads`, { timeoutMs: 120_000 });
    await sleep((WINDOW_SECONDS + 3) * 1000);
    return received();
  }

  it('coalesces 500 downloads into one file.digest per window, with exact counts', async () => {
    await createRepository(stack, 'farm');
    for (const path of PATHS) await upload(stack, 'farm', path);
    const webhook = await createWebhook(stack, { repository: 'farm', target: { type: 'json', url: receiver.url }, events: ['file.downloaded'], digest: { windowSeconds: WINDOW_SECONDS } });

    await inParallel(500, 8, (i) => download(stack, 'farm', PATHS[i % PATHS.length], i % 5 === 0 ? reader : undefined));
    const digests = await digestsCounting(webhook.secret!, 500);

    expect(digests.every((digest) => digest.type === 'file.digest' && /^dig_/.test(digest.data.id) && digest.id === digest.data.id)).toBe(true);
    const { all, byPath } = totals(digests);
    expect(all).toBe(500);
    expect(byPath).toEqual(Object.fromEntries(PATHS.map((path) => [path, 50])));
    // Any digest that was sent again (a retried attempt) said exactly the same.
    for (const request of receiver.requests) {
      const again = verified<DigestData>(request, webhook.secret!);
      expect(again.data).toEqual(digests.find((digest) => digest.id === again.id)?.data);
    }
    for (const digest of digests) {
      // Only downloads happened, and a digest's paths add up to its counts.
      expect(Object.keys(digest.data.counts)).toEqual(['file.downloaded']);
      expect(digest.data.paths.reduce((sum, entry) => sum + (entry.counts['file.downloaded'] ?? 0), 0)).toBe(digest.data.counts['file.downloaded']);
      expect(Date.parse(digest.data.windowEnd) - Date.parse(digest.data.windowStart)).toBeGreaterThanOrEqual(WINDOW_SECONDS * 1000);
      expect(Date.parse(digest.data.firstEventAt!)).toBeLessThanOrEqual(Date.parse(digest.data.lastEventAt!));
    }
    expect([...new Set(digests.flatMap((digest) => digest.data.actors))].sort()).toEqual(['admin', 'farm']);
    // One digest per window: the windows follow each other without overlapping.
    const windows = digests.map((digest) => [Date.parse(digest.data.windowStart), Date.parse(digest.data.windowEnd)]).sort((a, b) => a[0] - b[0]);
    windows.slice(1).forEach(([start], index) => expect(start).toBeGreaterThanOrEqual(windows[index][1]));

    // Each digest is one event of its own with one delivery, not 500.
    const em = stack.orm.em.fork();
    const deliveries = await em.find(Delivery, { webhookId: webhook.id });
    expect(deliveries).toHaveLength(digests.length);
    expect(deliveries.every((delivery) => delivery.eventType === 'file.digest' && delivery.status === 'succeeded')).toBe(true);
    const stored = await em.find(FileEvent, { type: 'file.digest', targetWebhookId: webhook.id });
    expect(stored.map((event) => event.id).sort()).toEqual(digests.map((digest) => digest.id).sort());
  }, 240_000);

  it('loses and doubles nothing when the worker restarts mid-window', async () => {
    await createRepository(stack, 'restart');
    for (const path of PATHS) await upload(stack, 'restart', path);
    const webhook = await createWebhook(stack, { repository: 'restart', target: { type: 'json', url: receiver.url }, events: ['file.downloaded'], digest: { windowSeconds: WINDOW_SECONDS } });

    await inParallel(100, 4, (i) => download(stack, 'restart', PATHS[i % PATHS.length]));
    // Some of those events are in the open window by now; the rest wait for the worker.
    await eventually(async () => (await stack.temporalClient()).workflow.getHandle(`digest-${webhook.id}`).describe().then(() => true, () => false), 'the digest workflow', { everyMs: 250 });
    await stack.stopWorker();
    await inParallel(100, 4, (i) => download(stack, 'restart', PATHS[i % PATHS.length]));
    await sleep(WINDOW_SECONDS * 1000);
    await stack.startWorker();

    const digests = await digestsCounting(webhook.secret!, 200);
    const { all, byPath } = totals(digests);
    expect(all).toBe(200);
    expect(byPath).toEqual(Object.fromEntries(PATHS.map((path) => [path, 20])));
  }, 240_000);
});
