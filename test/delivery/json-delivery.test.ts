import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Delivery, DeliveryAttempt, FileEvent } from '@herald/persistence';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { dialectsForDescribe } from '../webhooks/helpers';
import { attemptActivities, history, historyText, jsonHook, searchAttributeUpserts, upload, verified, type JsonHook } from './fixtures';

interface DeliveryBody {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  createdAt: string;
  completedAt: string | null;
  workflowId: string;
  temporalUrl: string;
  attempts?: Array<{ number: number; startedAt: string; durationMs: number; statusCode: number | null; error: string | null; responseBody: string | null }>;
}

// Real servers and durable timers: an attempt schedule takes seconds, not milliseconds.
jest.setTimeout(60_000);

describe.each(dialectsForDescribe())('JSON delivery, its records and the deliveries API (%s)', (dialect) => {
  let stack: TestStack;
  let receiver: Receiver;
  let hook: JsonHook;
  let eventId: string;
  let deliveryId: string;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, env: { HERALD_RETRY_SCHEDULE: '1s,1s', TEMPORAL_UI_URL: 'http://temporal-ui.test:8233' } });
    receiver = await Receiver.start(() => ({ status: 200, body: 'received, thanks' }));
    hook = await jsonHook(stack, 'libs-release', `${receiver.url}/hooks/herald?token=not-for-history`);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await stack.request('GET', path);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it('uploads a file and the receiver gets a signed file.uploaded whose webhook-id is the event id', async () => {
    await upload(stack, 'libs-release', 'com/example/demo/1.0.0/demo-1.0.0.jar');
    const [request] = await receiver.waitFor(1);
    const payload = verified(request, hook.secret);
    expect(payload.type).toBe('file.uploaded');
    expect(payload.data).toMatchObject({ repository: 'libs-release', path: 'com/example/demo/1.0.0/demo-1.0.0.jar', name: 'demo-1.0.0.jar', size: 9 });
    eventId = payload.data.id as string;
    expect(request.headers['webhook-id']).toBe(eventId);
    expect(request.headers['content-type']).toBe('application/json');

    const client = await stack.temporalClient();
    expect(Object.values(await client.workflow.getHandle(`file-event-${eventId}`).result())).toEqual(['succeeded']);
    const events = (await history(client, `file-event-${eventId}`)).events ?? [];
    expect(attemptActivities(events)).toEqual([{ summary: `json ${new URL(receiver.url).host} · attempt 1/3` }]);
    const description = await client.workflow.getHandle(`file-event-${eventId}`).describe();
    expect(description.searchAttributes).toMatchObject({ HeraldRepository: ['libs-release'], HeraldEventType: ['file.uploaded'], HeraldDeliveryStatus: ['succeeded'], HeraldWebhookIds: [hook.webhook.id], HeraldTargetTypes: ['json'] });
    // The API named the webhook at the start, and resolve found the same: only the outcome is upserted.
    expect(searchAttributeUpserts(events)).toBe(1);
    expect(await description.staticSummary()).toBe('file.uploaded libs-release/com/example/demo/1.0.0/demo-1.0.0.jar');
    expect(await description.staticDetails()).toContain(eventId);
  });

  it('records the delivery and its attempt, and marks the event dispatched', async () => {
    const em = stack.orm.em.fork();
    const deliveries = await em.find(Delivery, { eventId });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ webhookId: hook.webhook.id, status: 'succeeded', attemptCount: 1, lastStatusCode: 200, workflowId: `file-event-${eventId}` });
    deliveryId = deliveries[0].id;
    const attempts = await em.find(DeliveryAttempt, { delivery: deliveryId });
    expect(attempts).toMatchObject([{ number: 1, statusCode: 200, responseBody: 'received, thanks', errorClass: null, error: null }]);
    const event = await em.findOneOrFail(FileEvent, { id: eventId });
    expect(event.dispatchedAt).toBeInstanceOf(Date);
  });

  it('serves the delivery with its attempts and a deep link into the Temporal UI', async () => {
    const page = await getJson<{ items: DeliveryBody[]; nextCursor: string | null }>(`/api/v1/webhooks/${hook.webhook.id}/deliveries`);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: deliveryId, eventId, eventType: 'file.uploaded', status: 'succeeded', attemptCount: 1, lastStatusCode: 200 });
    expect(page.items[0].attempts).toBeUndefined();

    const one = await getJson<DeliveryBody>(`/api/v1/deliveries/${deliveryId}`);
    expect(one).toMatchObject({ id: deliveryId, webhookId: hook.webhook.id, workflowId: `file-event-${eventId}`, temporalUrl: `http://temporal-ui.test:8233/namespaces/default/workflows/file-event-${eventId}` });
    expect(one.completedAt).not.toBeNull();
    expect(one.attempts).toEqual([{ number: 1, startedAt: expect.any(String), durationMs: expect.any(Number), statusCode: 200, error: null, errorClass: null, responseBody: 'received, thanks' }]);
  });

  it('redelivers as a new delivery, by its own workflow, with the same webhook-id', async () => {
    const response = await stack.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`);
    expect(response.status).toBe(202);
    const { deliveryId: again } = (await response.json()) as { deliveryId: string };
    expect(again).not.toBe(deliveryId);

    const requests = await receiver.waitFor(2);
    expect(requests[1].headers['webhook-id']).toBe(eventId);
    expect(verified(requests[1], hook.secret).data.id).toBe(eventId);
    const client = await stack.temporalClient();
    await client.workflow.getHandle(`redeliver-${again}`).result();
    const one = await getJson<DeliveryBody>(`/api/v1/deliveries/${again}`);
    expect(one).toMatchObject({ eventId, status: 'succeeded', attemptCount: 1, workflowId: `redeliver-${again}` });
    expect(await stack.orm.em.fork().count(Delivery, { eventId })).toBe(2);
  });

  it('sends webhook.test through the same pipeline and answers the id of the delivery it makes', async () => {
    const response = await stack.request('POST', `/api/v1/webhooks/${hook.webhook.id}/test`);
    expect(response.status).toBe(202);
    const { deliveryId: testDelivery } = (await response.json()) as { deliveryId: string };

    const requests = await receiver.waitFor(3);
    const payload = verified(requests[2], hook.secret);
    expect(payload.type).toBe('webhook.test');
    expect(payload.data).toMatchObject({ repository: 'libs-release', actor: { username: 'admin' } });
    const testEvent = payload.data.id as string;
    const handle = (await stack.temporalClient()).workflow.getHandle(`file-event-${testEvent}`);
    await handle.result();
    // Started without targets (it names its webhook in its input): the workflow names them itself.
    expect((await handle.describe()).searchAttributes).toMatchObject({ HeraldWebhookIds: [hook.webhook.id], HeraldTargetTypes: ['json'], HeraldDeliveryStatus: ['succeeded'] });
    const rows = await stack.orm.em.fork().find(Delivery, { eventId: testEvent });
    expect(rows.map((row) => row.id)).toEqual([testDelivery]);
    const one = await getJson<DeliveryBody>(`/api/v1/deliveries/${testDelivery}`);
    expect(one).toMatchObject({ eventType: 'webhook.test', status: 'succeeded', attemptCount: 1, workflowId: `file-event-${testEvent}` });
  });

  it('pages deliveries newest first with a cursor', async () => {
    const first = await getJson<{ items: DeliveryBody[]; nextCursor: string | null }>(`/api/v1/webhooks/${hook.webhook.id}/deliveries?limit=2`);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await getJson<{ items: DeliveryBody[]; nextCursor: string | null }>(`/api/v1/webhooks/${hook.webhook.id}/deliveries?limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all[2].id).toBe(deliveryId);
    expect(new Set(all.map((item) => item.id)).size).toBe(3);
    expect(all.map((item) => item.createdAt)).toEqual([...all.map((item) => item.createdAt)].sort().reverse());

    expect((await stack.request('GET', `/api/v1/webhooks/${hook.webhook.id}/deliveries?cursor=garbage`)).status).toBe(400);
    expect((await stack.request('GET', `/api/v1/webhooks/${hook.webhook.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await stack.request('GET', '/api/v1/webhooks/wh_missing/deliveries')).status).toBe(404);
    expect((await stack.request('GET', '/api/v1/deliveries/dlv_missing')).status).toBe(404);
    expect((await stack.request('POST', '/api/v1/deliveries/dlv_missing/redeliver')).status).toBe(404);
    expect((await stack.request('POST', '/api/v1/webhooks/wh_missing/test')).status).toBe(404);
  });

  it('is for admins only', async () => {
    expect((await stack.request('GET', `/api/v1/deliveries/${deliveryId}`, { auth: null })).status).toBe(401);
    expect((await stack.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`, { auth: null })).status).toBe(401);
    expect((await stack.request('POST', `/api/v1/webhooks/${hook.webhook.id}/test`, { auth: null })).status).toBe(401);
    expect((await stack.request('GET', `/api/v1/webhooks/${hook.webhook.id}/deliveries`, { auth: null })).status).toBe(401);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const document = (await (await stack.request('GET', '/docs-json', { auth: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/v1/webhooks/{id}/deliveries'])).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/webhooks/{id}/test'])).toEqual(['post']);
    expect(Object.keys(document.paths['/api/v1/deliveries/{id}'])).toEqual(['get']);
    expect(Object.keys(document.paths['/api/v1/deliveries/{id}/redeliver'])).toEqual(['post']);
    expect(document.paths['/api/v1/deliveries/{id}/redeliver'].post).toMatchObject({ responses: { '202': expect.anything(), '409': expect.anything(), '503': expect.anything() } });
  });

  it('sends nothing to a paused webhook, and starts no workflow for an event only it would hear', async () => {
    const paused = await Receiver.start();
    try {
      const pausedHook = await jsonHook(stack, 'libs-paused', paused.url, { active: false });
      await upload(stack, 'libs-paused', 'a/b/1/b-1.jar');
      // Recorded (uploads always are), born dispatched, and Temporal never hears of it.
      const event = await stack.orm.em.fork().findOneOrFail(FileEvent, { repository: 'libs-paused' });
      expect(event.dispatchedAt).toEqual(event.occurredAt);
      await sleep(1_000);
      await expect((await stack.temporalClient()).workflow.getHandle(`file-event-${event.id}`).describe()).rejects.toThrow(WorkflowNotFoundError);
      expect(paused.requests).toHaveLength(0);
      expect(await stack.orm.em.fork().count(Delivery, { webhookId: pausedHook.webhook.id })).toBe(0);
      // A delivery made before the webhook was paused is not sent again while it stays paused.
      const em = stack.orm.em.fork();
      const earlier = em.create(Delivery, { webhookId: pausedHook.webhook.id, eventId: event.id, eventType: event.type, workflowId: `file-event-${event.id}` });
      await em.flush();
      const redeliver = await stack.request('POST', `/api/v1/deliveries/${earlier.id}/redeliver`);
      expect(redeliver.status).toBe(409);
      expect(await stack.orm.em.fork().count(Delivery, { webhookId: pausedHook.webhook.id })).toBe(1);
    } finally {
      await paused.stop();
    }
  });

  it('writes no signing secret, key or target path into the workflow history', async () => {
    const client = await stack.temporalClient();
    const text = historyText(await history(client, `file-event-${eventId}`));
    expect(text).toContain(eventId);
    expect(text).toContain('attempt 1/3');
    expect(text).not.toContain(hook.secret);
    expect(text).not.toContain(hook.secret.slice('whsec_'.length));
    expect(text).not.toContain('not-for-history');
    expect(text).not.toContain('/hooks/herald');
  });
});
