import { Webhook as StandardWebhook } from 'standardwebhooks';
import { FileEvent } from '@herald/persistence';
import { Receiver, type ReceivedRequest } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { createRepositories, json } from './helpers';

// Each step waits for real workflows on a shared, busy machine.
jest.setTimeout(60_000);

/** A webhook managed through the API reaches a real receiver through the worker as configured. */
describe('webhook lifecycle through the API, delivered by the worker', () => {
  let stack: TestStack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { HERALD_RETRY_SCHEDULE: '3s,3s' } });
    receiver = await Receiver.start((request) => (request.url.startsWith('/failing') ? { status: 503, body: 'down' } : { status: 200, body: 'ok' }));
    await createRepositories(stack, 'libs-release');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  async function createJsonWebhook(path: string): Promise<{ id: string; secret: string }> {
    const response = await stack.request('POST', '/api/v1/webhooks', {
      body: { repository: 'libs-release', target: { type: 'json', url: `${receiver.url}${path}` }, events: ['file.uploaded'] },
    });
    expect(response.status).toBe(201);
    return json<{ id: string; secret: string }>(response);
  }

  /** Uploads a file and waits for its event workflow, if anyone listened, to finish, so every attempt has happened. */
  async function uploadAndSettle(path: string): Promise<void> {
    const put = await stack.request('PUT', `/repositories/libs-release/${path}`, { body: 'bytes' });
    expect(put.status).toBe(201);
    const event = await stack.orm.em.fork().findOneOrFail(FileEvent, { path }, { orderBy: { occurredAt: 'desc' } });
    // Born dispatched: no active webhook subscribed, so no workflow was started.
    if (event.dispatchedAt?.getTime() === event.occurredAt.getTime()) return;
    const client = await stack.temporalClient();
    const handle = client.workflow.getHandle(`file-event-${event.id}`);
    // The relay starts the workflow just after the upload's transaction; wait for it to exist.
    await eventually(() => handle.describe().then(() => true), `workflow ${handle.workflowId}`, { timeoutMs: 10_000, everyMs: 50 });
    await handle.result();
  }

  function verify(request: ReceivedRequest, secret: string): unknown {
    return new StandardWebhook(secret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    });
  }

  const to = (path: string) => receiver.requests.filter((request) => request.url === path);

  it('signs with the secret the create answer gave, and with both secrets after a rotation', async () => {
    const hook = await createJsonWebhook('/signed');
    await uploadAndSettle('com/example/a/1.0/a-1.0.jar');
    const [first] = to('/signed');
    expect(verify(first, hook.secret)).toMatchObject({ type: 'file.uploaded' });
    expect((first.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);

    const rotated = await json<{ secret: string }>(await stack.request('POST', `/api/v1/webhooks/${hook.id}/rotate-secret`));
    await uploadAndSettle('com/example/a/1.1/a-1.1.jar');
    const second = to('/signed')[1];
    expect((second.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(verify(second, rotated.secret)).toMatchObject({ type: 'file.uploaded' });
    expect(verify(second, hook.secret)).toMatchObject({ type: 'file.uploaded' });
    expect(() => verify(second, 'whsec_' + Buffer.alloc(24, 7).toString('base64'))).toThrow();

    const paused = await stack.request('PATCH', `/api/v1/webhooks/${hook.id}`, { body: { active: false } });
    expect(paused.status).toBe(200);
    await uploadAndSettle('com/example/a/1.2/a-1.2.jar');
    expect(to('/signed')).toHaveLength(2);

    await stack.request('PATCH', `/api/v1/webhooks/${hook.id}`, { body: { active: true, target: { type: 'json', url: `${receiver.url}/moved` } } });
    await uploadAndSettle('com/example/a/1.3/a-1.3.jar');
    const [moved] = to('/moved');
    expect(verify(moved, rotated.secret)).toMatchObject({ type: 'file.uploaded' });
    await stack.request('DELETE', `/api/v1/webhooks/${hook.id}`);
  });

  it('stops retrying a delivery once its webhook is deleted', async () => {
    const hook = await createJsonWebhook('/failing');
    const before = receiver.requests.length;
    const put = await stack.request('PUT', '/repositories/libs-release/com/example/b/1.0/b-1.0.jar', { body: 'bytes' });
    expect(put.status).toBe(201);
    await receiver.waitFor(before + 1);
    expect(to('/failing')).toHaveLength(1);

    expect((await stack.request('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    const event = await stack.orm.em.fork().findOneOrFail(FileEvent, { path: 'com/example/b/1.0/b-1.0.jar' });
    await (await stack.temporalClient()).workflow.getHandle(`file-event-${event.id}`).result().catch(() => undefined);
    // Two retries were scheduled; none went out after the deletion.
    expect(to('/failing')).toHaveLength(1);
  });
});
