import type { INestApplication } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { FileEvent, StoredFile } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { DOWNLOAD_FLUSH_MS } from '../../apps/api/src/files/download-counter';
import { Receiver } from '../support/receiver';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { ACROSS_PROCESSES_MS, eventually, sleep } from '../support/timing';
import { dialects } from '../files/helpers';
import { api, createRepository, createWebhook, download, inParallel, upload } from './helpers';

const JAR = 'com/example/lib/1.0/lib-1.0.jar';
const POM = 'com/example/lib/1.0/lib-1.0.pom';

interface ListedFile {
  name: string;
  downloadCount: number | null;
  lastDownloadedAt: string | null;
}

/** Workflows of a repository, as the Temporal server lists them. */
async function workflowsOf(stack: TestStack, repository: string): Promise<string[]> {
  const client = await stack.temporalClient();
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `HeraldRepository = "${repository}"` })) ids.push(execution.workflowId);
  return ids;
}

async function eventRows(stack: TestStack, repository: string): Promise<FileEvent[]> {
  return stack.orm.em.fork().find(FileEvent, { repository }, { orderBy: { occurredAt: 'asc' } });
}

async function listed(baseUrl: string, repository: string, folder: string, auth: string): Promise<ListedFile[]> {
  const response = await fetch(`${baseUrl}/repositories/${repository}/${folder}`, { headers: { authorization: auth, accept: 'application/json' } });
  return ((await response.json()) as { items: ListedFile[] }).items;
}

describe.each(dialects())('only subscribed events reach Temporal (%s)', (dialect) => {
  // One Temporal server serves both dialects' runs: repository names, searched by, are their own.
  const QUIET = `quiet-${dialect}`;
  const FILTERED = `filtered-${dialect}`;
  const SHARED = `shared-${dialect}`;
  const DIGESTED = `digested-${dialect}`;
  const COUNTED = `counted-${dialect}`;
  let stack: TestStack;
  let receiver: Receiver;
  let reader: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect });
    receiver = await Receiver.start();
    await api(stack, 'POST', '/users', { username: 'build', password: 'build-password-1', role: 'reader' });
    reader = basicAuth('build', 'build-password-1');
  });

  afterAll(async () => {
    await receiver?.stop();
    await stack?.stop();
  });

  it('starts no workflow and writes no download row for events nobody subscribes to', async () => {
    await createRepository(stack, QUIET);
    await upload(stack, QUIET, JAR);
    for (let i = 0; i < 5; i++) await download(stack, QUIET, JAR, reader);
    const removed = await stack.request('DELETE', `/repositories/${QUIET}/${JAR}`);
    expect(removed.status).toBe(204);

    // The upload and the delete stay listed; the downloads are counts, not rows.
    const events = await api<{ items: Array<{ type: string }> }>(stack, 'GET', `/events?repository=${QUIET}`);
    expect(events.items.map((event) => event.type).sort()).toEqual(['file.deleted', 'file.uploaded']);
    expect((await eventRows(stack, QUIET)).every((event) => event.dispatchedAt !== null)).toBe(true);
    // Give a wrongly started workflow time to become visible before asserting there is none.
    await sleep(2_000);
    expect(await workflowsOf(stack, QUIET)).toEqual([]);
  });

  it('records and notifies exactly the downloads a filtered webhook asked for', async () => {
    await createRepository(stack, FILTERED);
    await upload(stack, FILTERED, JAR);
    await upload(stack, FILTERED, POM);
    await createWebhook(stack, { repository: FILTERED, target: { type: 'json', url: `${receiver.url}/jars` }, events: ['file.downloaded'], filters: { include: ['**/*.jar'] } });
    await download(stack, FILTERED, POM, reader);
    await download(stack, FILTERED, JAR, reader);
    await download(stack, FILTERED, POM, reader);

    const downloads = (await eventRows(stack, FILTERED)).filter((event) => event.type === 'file.downloaded');
    expect(downloads.map((event) => event.path)).toEqual([JAR]);
    const [notification] = await receiver.waitFor(1);
    expect(JSON.parse(notification.body)).toMatchObject({ type: 'file.downloaded', data: { path: JAR } });
    // The uploads came before the webhook and nobody else listens: one workflow, the download's.
    const workflows = await eventually(async () => {
      const ids = await workflowsOf(stack, FILTERED);
      return ids.length > 0 && ids;
    }, 'the download workflow', { everyMs: 250 });
    expect(workflows).toEqual([`file-event-${downloads[0].id}`]);
  });

  it('honours a webhook created through one API process in another within a second, and its deletion too', async () => {
    await createRepository(stack, SHARED);
    await upload(stack, SHARED, JAR);
    const other: INestApplication = await createApiApp(stack.config);
    await other.listen(0, '127.0.0.1');
    const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
    const getThroughOther = async () => {
      const response = await fetch(`${otherUrl}/repositories/${SHARED}/${JAR}`, { headers: { authorization: reader } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    };
    try {
      await getThroughOther();
      const webhook = await createWebhook(stack, { repository: SHARED, target: { type: 'json', url: `${receiver.url}/shared` }, events: ['file.downloaded'] });
      await sleep(ACROSS_PROCESSES_MS);
      await getThroughOther();
      const notified = await eventually(() => receiver.requests.find((request) => request.url === '/shared'), 'the download served by the other process');
      expect(JSON.parse(notified.body)).toMatchObject({ type: 'file.downloaded', data: { repository: SHARED, path: JAR } });

      await api(stack, 'DELETE', `/webhooks/${webhook.id}`);
      await sleep(ACROSS_PROCESSES_MS);
      await getThroughOther();
      expect((await eventRows(stack, SHARED)).filter((event) => event.type === 'file.downloaded')).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('hands a digest its downloads in batched signals, each event once', async () => {
    await createRepository(stack, DIGESTED);
    await upload(stack, DIGESTED, JAR);
    const webhook = await createWebhook(stack, { repository: DIGESTED, target: { type: 'json', url: `${receiver.url}/digest` }, events: ['file.downloaded'], digest: { windowSeconds: 60 } });
    await inParallel(200, 50, () => download(stack, DIGESTED, JAR, reader));

    const client = await stack.temporalClient();
    const batches = await eventually(async () => {
      // The relay starts the digest with its first signal, a moment after the downloads are answered.
      // fetchHistory answers a bare gRPC NOT_FOUND for a workflow not yet started; describe names it.
      const handle = client.workflow.getHandle(`digest-${webhook.id}`);
      const started = await handle.describe().then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );
      const events = started ? (await handle.fetchHistory()).events : [];
      const signalled = (events ?? []).flatMap((event) => {
        const payload = event.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
        return payload ? [(JSON.parse(Buffer.from(payload).toString('utf8')) as { events: Array<{ eventId: string }> }).events.map((e) => e.eventId)] : [];
      });
      return signalled.flat().length >= 200 && signalled;
    }, 'the digest signals', { everyMs: 250 });
    const eventIds = batches.flat();
    expect(new Set(eventIds).size).toBe(200);
    expect(eventIds).toHaveLength(200);
    // Fifty downloads at a time: the relay gathers them, a signal carries many.
    expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(200);
    // A digest-only event starts no event workflow of its own.
    expect((await workflowsOf(stack, DIGESTED)).filter((id) => id.startsWith('file-event-'))).toEqual([]);
    await api(stack, 'DELETE', `/webhooks/${webhook.id}`);
  });

  it('counts 1 000 concurrent downloads exactly, and the counts outlive the process after a flush', async () => {
    await createRepository(stack, COUNTED);
    await upload(stack, COUNTED, JAR);
    await upload(stack, COUNTED, POM);
    const started = Date.now();
    await inParallel(1_000, 50, (index) => download(stack, COUNTED, index % 4 === 0 ? POM : JAR, reader));

    const now = await listed(stack.baseUrl, COUNTED, 'com/example/lib/1.0/', reader);
    expect(now.find((file) => file.name === 'lib-1.0.jar')?.downloadCount).toBe(750);
    expect(now.find((file) => file.name === 'lib-1.0.pom')?.downloadCount).toBe(250);
    expect(Date.parse(now.find((file) => file.name === 'lib-1.0.jar')?.lastDownloadedAt ?? '')).toBeGreaterThanOrEqual(started);

    // After a flush interval the counts are stored, so a fresh process reads them.
    await sleep(2 * DOWNLOAD_FLUSH_MS);
    const stored = await stack.orm.em.fork().find(StoredFile, { path: { $in: [JAR, POM] }, repository: { name: COUNTED } }, { orderBy: { path: 'asc' } });
    expect(stored.map((file) => file.downloadCount)).toEqual([750, 250]);
    const other = await createApiApp(stack.config);
    await other.listen(0, '127.0.0.1');
    try {
      const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
      const afterRestart = await listed(otherUrl, COUNTED, 'com/example/lib/1.0/', reader);
      expect(afterRestart.map((file) => [file.name, file.downloadCount])).toEqual([
        ['lib-1.0.jar', 750],
        ['lib-1.0.pom', 250],
      ]);
    } finally {
      await other.close();
    }
    // Nobody subscribes in this repository: a thousand downloads, no workflow.
    expect(await workflowsOf(stack, COUNTED)).toEqual([]);
  });
});
