import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Delivery, FileEvent } from '@herald/persistence';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { dialectsForDescribe } from '../webhooks/helpers';
import { jsonHook, upload, verified } from './fixtures';

// The launcher's own helper, plain JavaScript without types.
const { startDevServer, freePort } = require('../../scripts/temporal-dev-server') as {
  startDevServer(options: { port: number; uiPort: number; dbFile: string; headless: boolean }): Promise<{ address: string; stop(): Promise<void> }>;
  freePort(): Promise<number>;
};

// Two dev server starts per dialect and the SDK's reconnect backoff: this file takes tens of seconds.
jest.setTimeout(120_000);

/**
 * A Temporal server of this file's own, on a fixed port and a database file, so it can be
 * stopped and started again with its state (namespace, search attributes, histories) intact.
 */
class RestartableTemporal {
  private server: { address: string; stop(): Promise<void> } | null = null;

  private constructor(
    private readonly port: number,
    private readonly uiPort: number,
    private readonly dbFile: string,
  ) {}

  static async create(): Promise<RestartableTemporal> {
    const dir = mkdtempSync(join(tmpdir(), 'herald-outage-'));
    return new RestartableTemporal(await freePort(), await freePort(), join(dir, 'temporal.sqlite'));
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = await startDevServer({ port: this.port, uiPort: this.uiPort, dbFile: this.dbFile, headless: true });
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = null;
  }
}

describe('a Temporal outage delays notifications, loses none and duplicates none', () => {
  let temporal: RestartableTemporal;

  beforeAll(async () => {
    temporal = await RestartableTemporal.create();
    await temporal.start();
  });

  afterAll(async () => {
    await temporal?.stop();
  });

  describe.each(dialectsForDescribe())('%s', (dialect) => {
    let stack: TestStack;
    let receiver: Receiver;

    beforeAll(async () => {
      stack = await TestStack.start({ dialect, env: { TEMPORAL_ADDRESS: temporal.address, HERALD_RETRY_SCHEDULE: '1s,1s' } });
      receiver = await Receiver.start();
    });

    afterAll(async () => {
      await stack?.stop();
      await receiver?.stop();
    });

    it('keeps serving files while Temporal is down, then delivers every event recorded meanwhile exactly once', async () => {
      const repository = `outage-${dialect}`;
      const hook = await jsonHook(stack, repository, receiver.url);
      await upload(stack, repository, 'org/acme/before/1.0/before-1.0.jar');
      await receiver.waitFor(1);
      // Stopped only once the server has recorded that delivery: one cut off before its
      // completion is attempted again after the restart (at least once), which is not this test's point.
      const before = await stack.orm.em.fork().findOneOrFail(FileEvent, { repository, path: 'org/acme/before/1.0/before-1.0.jar' });
      await (await stack.temporalClient()).workflow.getHandle(`file-event-${before.id}`).result();

      await temporal.stop();
      const paths = [1, 2, 3].map((n) => `org/acme/during/${n}.0/during-${n}.0.jar`);
      for (const path of paths) await upload(stack, repository, path);
      const download = await stack.request('GET', `/repositories/${repository}/${paths[0]}`);
      expect(download.status).toBe(200);
      const ready = await stack.request('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { database: 'up', temporal: 'down' } });
      const waiting = await stack.orm.em.fork().find(FileEvent, { repository, type: 'file.uploaded', dispatchedAt: null });
      expect(waiting.map((event) => event.path).sort()).toEqual(paths);

      await temporal.start();
      const requests = await receiver.waitFor(4, 90_000);
      const client = await stack.temporalClient();
      for (const event of waiting) {
        expect(Object.values(await client.workflow.getHandle(`file-event-${event.id}`).result())).toEqual(['succeeded']);
      }
      expect(receiver.requests).toHaveLength(4);
      const announced = requests.map((request) => verified(request, hook.secret).data.path);
      expect(announced.slice(1).sort()).toEqual(paths);
      expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(4);

      const em = stack.orm.em.fork();
      for (const event of waiting) {
        expect(await em.find(Delivery, { eventId: event.id })).toMatchObject([{ status: 'succeeded', attemptCount: 1 }]);
      }
      await eventually(async () => (await stack.orm.em.fork().count(FileEvent, { repository, type: 'file.uploaded', dispatchedAt: null })) === 0, 'every event marked dispatched', { timeoutMs: 20_000 });
      expect((await stack.request('GET', '/readyz')).status).toBe(200);
    });
  });
});
