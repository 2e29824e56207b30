import { createHash } from 'node:crypto';
import type { PublishedPythonVersionData } from '@herald/contracts';
import { Delivery } from '@herald/persistence';
import { dialectsForDescribe } from '../webhooks/helpers';
import { sdist, twineForm, wheel, type Distribution } from '../support/python-distributions';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { sleep } from '../support/timing';
import { api, createWebhook, verified } from './helpers';

const REPOSITORY = 'py-release';
const VERSION = 'packages/demo-lib/1.0.0';
/** Long enough that both uploads' signals land within one quiet period on a loaded machine: a late file is announced again, by design. */
const QUIET_MS = 5_000;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A twine upload, as twine sends it. */
async function upload(stack: TestStack, distribution: Distribution): Promise<void> {
  const form = await twineForm(distribution);
  const response = await stack.request('POST', `/repositories/${REPOSITORY}/`, { body: new Uint8Array(form.body), headers: { 'content-type': form.contentType } });
  expect(response.status).toBe(201);
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

      const [source, built] = [sdist('demo_lib', '1.0.0', { name: 'Demo_Lib' }), wheel('demo_lib', '1.0.0', { name: 'Demo_Lib' })];
      await upload(stack, source);
      await upload(stack, built);

      const [request] = await receiver.waitFor(1, 60_000);
      const notification = verified<PublishedPythonVersionData>(request, hook.secret!);
      expect(notification.type).toBe('python.version.published');
      expect(notification.data).toEqual({
        id: notification.id,
        repository: REPOSITORY,
        python: { project: 'demo-lib', version: '1.0.0' },
        files: expect.arrayContaining([
          { path: `${VERSION}/${source.filename}`, size: source.bytes.length, sha256: sha256(source.bytes) },
          { path: `${VERSION}/${built.filename}`, size: built.bytes.length, sha256: sha256(built.bytes) },
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
