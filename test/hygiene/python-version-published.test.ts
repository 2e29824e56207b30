import { createHash } from 'node:crypto';
import type { PublishedPythonVersionData } from '@herald/contracts';
import { ArtifactRepository, Delivery, StoredFile } from '@herald/persistence';
import { newFileEvent } from '../../apps/api/src/files/usecases/new-file-event';
import { FileEventRecorder } from '../../apps/api/src/relay/file-event-recorder';
import { dialectsForDescribe } from '../webhooks/helpers';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { api, createWebhook, sleep, verified } from './helpers';

const REPOSITORY = 'py-release';
const VERSION = 'packages/demo-lib/1.0.0';
const WHEEL = `${VERSION}/demo_lib-1.0.0-py3-none-any.whl`;
const SDIST = `${VERSION}/demo_lib-1.0.0.tar.gz`;
/** Long enough that both uploads' signals land within one quiet period on a loaded machine: a late file is announced again, by design. */
const QUIET_MS = 5_000;

const sha256 = (bytes: string) => createHash('sha256').update(bytes).digest('hex');

/**
 * A twine upload as the API records it, without its HTTP route: the file row and its
 * `file.uploaded` event (built by newFileEvent, so `python` is set as for any upload of a python
 * repository) in one transaction through the relay's recorder, then handed to the relay.
 */
async function recordUpload(stack: TestStack, path: string): Promise<void> {
  const bytes = `bytes of ${path}`;
  const recorder = stack.api.get(FileEventRecorder);
  const event = await stack.orm.em.fork().transactional(async (tx) => {
    const repository = await tx.findOneOrFail(ArtifactRepository, { name: REPOSITORY });
    const digest = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
    const file = tx.create(StoredFile, { repository, path, size: Buffer.byteLength(bytes), sha256: sha256(bytes), sha1: digest('sha1'), md5: digest('md5'), contentType: 'application/octet-stream', uploadedBy: 'ci' });
    return recorder.addToTransaction(tx, newFileEvent('file.uploaded', repository, file, { username: 'ci', ip: '203.0.113.9', userAgent: 'twine/6.0.1' }, new Date()));
  });
  expect(event.python).toMatchObject({ project: 'demo-lib', version: '1.0.0' });
  recorder.committed(event);
}

describe.each(dialectsForDescribe())('python.version.published (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, env: { HERALD_PUBLISH_QUIET: `${QUIET_MS}ms` } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('offers python.version.published to webhooks in OpenAPI', async () => {
    const document = (await (await stack.request('GET', '/docs-json', { auth: null })).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, { items?: { enum?: string[] } }> }> };
    };
    expect(document.components.schemas.CreateWebhookDto.properties?.events.items?.enum).toContain('python.version.published');
  });

  it('an sdist and a wheel of one version reach a JSON receiver as one python.version.published', async () => {
    await api(stack, 'POST', '/repositories', { name: REPOSITORY, format: 'python', policy: 'release', visibility: 'private' });
    const receiver = await Receiver.start();
    try {
      const hook = await createWebhook(stack, { repository: REPOSITORY, target: { type: 'json', url: receiver.url }, events: ['python.version.published'] });

      await recordUpload(stack, SDIST);
      await recordUpload(stack, WHEEL);

      const [request] = await receiver.waitFor(1, 60_000);
      const notification = verified<PublishedPythonVersionData>(request, hook.secret!);
      expect(notification.type).toBe('python.version.published');
      expect(notification.data).toEqual({
        id: notification.id,
        repository: REPOSITORY,
        python: { project: 'demo-lib', version: '1.0.0' },
        files: expect.arrayContaining([
          { path: SDIST, size: Buffer.byteLength(`bytes of ${SDIST}`), sha256: sha256(`bytes of ${SDIST}`) },
          { path: WHEEL, size: Buffer.byteLength(`bytes of ${WHEEL}`), sha256: sha256(`bytes of ${WHEEL}`) },
        ]),
      });
      expect(notification.data.files).toHaveLength(2);

      const client = await stack.temporalClient();
      const grouping = await client.workflow.getHandle('python-version-py-release-demo-lib==1.0.0').describe();
      expect(grouping.type).toBe('pythonVersionWorkflow');

      // Quiet since: no second announcement, and no file.uploaded for a webhook that did not ask.
      await sleep(QUIET_MS * 2);
      expect(new Set(receiver.requests.map((received) => received.headers['webhook-id'])).size).toBe(1);
      const deliveries = await stack.orm.em.fork().find(Delivery, { webhookId: hook.id });
      expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['python.version.published']);
    } finally {
      await receiver.stop();
    }
  }, 180_000);
});
