import { ArtifactRepository, FileEvent } from '@herald/persistence';
import { EventRelayService } from '../../apps/api/src/relay/event-relay.service';
import { FileEventOutbox } from '../../apps/api/src/relay/file-event-outbox';
import { TestStack } from '../support/stack';
import { dialectsForDescribe } from '../webhooks/helpers';
import { upload } from './fixtures';

jest.setTimeout(60_000);

/** Events recorded a minute ago and never dispatched: what the sweep is for. */
async function strandedEvents(stack: TestStack, repository: string, count: number): Promise<string[]> {
  const em = stack.orm.em.fork();
  const occurredAt = new Date(Date.now() - 60_000);
  const events = Array.from({ length: count }, (_, n) => em.create(FileEvent, { type: 'file.uploaded', repository, path: `stranded/${n}.jar`, name: `${n}.jar`, occurredAt }));
  await em.flush();
  return events.map((event) => event.id);
}

describe.each(dialectsForDescribe())('the outbox (%s)', (dialect) => {
  describe('while Temporal cannot be reached', () => {
    let stack: TestStack;

    beforeAll(async () => {
      // Port 9 (discard) on loopback: nothing listens, every connection is refused.
      stack = await TestStack.start({ dialect, worker: false, env: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
      const em = stack.orm.em.fork();
      em.create(ArtifactRepository, { name: 'libs-offline' });
      await em.flush();
      // Someone listens, so every event here is owed a workflow start.
      const webhook = await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'libs-offline', target: { type: 'json', url: 'http://127.0.0.1:9/hook' }, events: ['file.uploaded'] } });
      expect(webhook.status).toBe(201);
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('boots, stores and serves files, and says in /readyz that Temporal is down', async () => {
      await upload(stack, 'libs-offline', 'org/acme/a/1.0/a-1.0.jar', 'offline bytes');
      const download = await stack.request('GET', '/repositories/libs-offline/org/acme/a/1.0/a-1.0.jar');
      expect(download.status).toBe(200);
      expect(await download.text()).toBe('offline bytes');
      const ready = await stack.request('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { database: 'up', temporal: 'down' } });
    });

    it('never marks an event dispatched when its start failed', async () => {
      const stranded = await strandedEvents(stack, 'libs-offline', 3);
      await stack.api.get(EventRelayService).sweep();
      const em = stack.orm.em.fork();
      const events = await em.find(FileEvent, { repository: 'libs-offline' });
      expect(events.length).toBeGreaterThanOrEqual(4);
      expect(events.filter((event) => event.dispatchedAt !== null)).toEqual([]);
      expect(events.map((event) => event.id)).toEqual(expect.arrayContaining(stranded));
    });
  });

  if (dialect === 'postgresql') {
    describe('with API replicas sweeping at the same moment', () => {
      let stack: TestStack;

      beforeAll(async () => {
        stack = await TestStack.start({ dialect, worker: false, env: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
      });

      afterAll(async () => {
        await stack?.stop();
      });

      it('gives each sweep its own rows (FOR UPDATE SKIP LOCKED), and marks only what was started', async () => {
        const stranded = await strandedEvents(stack, 'libs-replicas', 10);
        const outbox = stack.api.get(FileEventOutbox);
        const now = new Date();
        let second: string[] = [];
        let first: string[] = [];
        // The second claim runs while the first still holds its batch, as another replica would.
        await outbox.claim(5, now, async (events) => {
          first = events.map((event) => event.id);
          await outbox.claim(5, now, async (others) => {
            second = others.map((event) => event.id);
            return [];
          });
          return first.slice(0, 2);
        });
        expect(first).toHaveLength(5);
        expect(second).toHaveLength(5);
        expect(first.filter((id) => second.includes(id))).toEqual([]);
        expect([...first, ...second].sort()).toEqual([...stranded].sort());

        const dispatched = await stack.orm.em.fork().find(FileEvent, { repository: 'libs-replicas', dispatchedAt: { $ne: null } });
        expect(dispatched.map((event) => event.id).sort()).toEqual(first.slice(0, 2).sort());
      });
    });
  }
});
