import { temporal } from '@temporalio/proto';
import { Delivery, DeliveryAttempt, FileEvent } from '@herald/persistence';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { dialectsForDescribe } from '../webhooks/helpers';
import { attemptActivities, history, jsonHook, timerSummaries, upload, verified, type JsonHook } from './fixtures';

const { EventType } = temporal.api.enums.v1;

/** Every HeraldDeliveryStatus value the workflow upserted, in order. */
function statusUpserts(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events
    .filter((event) => event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)
    .map((event) => event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.HeraldDeliveryStatus?.data)
    .filter((data): data is Uint8Array => data != null)
    .map((data) => JSON.parse(Buffer.from(typeof data === 'string' ? Buffer.from(data, 'base64') : data).toString('utf8')) as string);
}

// Real servers and durable timers: an attempt schedule takes seconds, not milliseconds.
jest.setTimeout(60_000);

describe.each(dialectsForDescribe())('retries: one activity per attempt, the schedule, Retry-After, final failures (%s)', (dialect) => {
  let stack: TestStack;
  const receivers: Record<'flaky' | 'gone' | 'throttled' | 'down', Receiver> = {} as never;
  const hooks: Record<keyof typeof receivers, JsonHook> = {} as never;
  const repository = (name: string) => `retry-${name}-${dialect}`;

  /** The event, delivery and attempts of the one upload made to a repository. */
  const recorded = async (name: keyof typeof receivers) => {
    const em = stack.orm.em.fork();
    const event = await em.findOneOrFail(FileEvent, { repository: repository(name) });
    const delivery = await em.findOneOrFail(Delivery, { eventId: event.id });
    const attempts = await em.find(DeliveryAttempt, { delivery }, { orderBy: { number: 'asc' } });
    return { event, delivery, attempts, workflowId: `file-event-${event.id}` };
  };

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, env: { HERALD_RETRY_SCHEDULE: '1s,1s' } });
    receivers.flaky = await Receiver.start((_, index) => (index < 2 ? { status: 503, body: 'busy' } : { status: 200, body: 'ok' }));
    receivers.gone = await Receiver.start(() => ({ status: 410, body: 'this hook is gone' }));
    receivers.throttled = await Receiver.start((_, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '3' } } : { status: 200 }));
    receivers.down = await Receiver.start(() => ({ status: 500, body: 'broken' }));
    for (const name of Object.keys(receivers) as Array<keyof typeof receivers>) {
      hooks[name] = await jsonHook(stack, repository(name), receivers[name].url);
    }
    // All four at once: their waits overlap, so the file takes as long as its slowest case.
    await Promise.all((Object.keys(receivers) as Array<keyof typeof receivers>).map((name) => upload(stack, repository(name), `org/acme/${name}/1.0/${name}-1.0.jar`)));
  });

  afterAll(async () => {
    await stack?.stop();
    await Promise.all(Object.values(receivers).map((receiver) => receiver.stop()));
  });

  it('503, 503, 200: three attempt activities in the history, three attempt rows, one webhook-id', async () => {
    const requests = await receivers.flaky.waitFor(3);
    const { workflowId, event } = await recorded('flaky');
    const client = await stack.temporalClient();
    expect(Object.values(await client.workflow.getHandle(workflowId).result())).toEqual(['succeeded']);

    const events = (await history(client, workflowId)).events ?? [];
    const host = new URL(receivers.flaky.url).host;
    expect(attemptActivities(events)).toEqual([1, 2, 3].map((n) => ({ summary: `json ${host} · attempt ${n}/3` })));
    expect(timerSummaries(events)).toEqual([
      `json ${host}: waiting 1s before attempt 2/3 (retry schedule step 1 of 2)`,
      `json ${host}: waiting 1s before attempt 3/3 (retry schedule step 2 of 2)`,
    ]);
    expect(statusUpserts(events)).toEqual(['retrying', 'succeeded']);

    const { delivery, attempts } = await recorded('flaky');
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 3, lastStatusCode: 200 });
    expect(delivery.completedAt).toBeInstanceOf(Date);
    expect(attempts.map((attempt) => [attempt.number, attempt.statusCode, attempt.errorClass])).toEqual([
      [1, 503, 'RetryableDeliveryError'],
      [2, 503, 'RetryableDeliveryError'],
      [3, 200, null],
    ]);
    expect(attempts[0]).toMatchObject({ error: `${host} answered 503`, responseBody: 'busy' });
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([event.id]));
    for (const request of requests) expect(verified(request, hooks.flaky.secret).data.id).toBe(event.id);
  });

  it('410: one attempt, the delivery failed, and a search by repository and status finds it', async () => {
    const { workflowId } = await recorded('gone');
    const client = await stack.temporalClient();
    expect(Object.values(await client.workflow.getHandle(workflowId).result())).toEqual(['failed']);
    expect(receivers.gone.requests).toHaveLength(1);
    expect(attemptActivities((await history(client, workflowId)).events ?? [])).toHaveLength(1);
    const { delivery, attempts } = await recorded('gone');
    expect(delivery).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 410 });
    expect(attempts).toMatchObject([{ number: 1, statusCode: 410, errorClass: 'PermanentDeliveryError', responseBody: 'this hook is gone' }]);

    const query = `HeraldRepository="${repository('gone')}" AND HeraldDeliveryStatus="failed"`;
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids.length > 0 && ids;
    }, 'the visibility store to index the failed workflow', { timeoutMs: 20_000, everyMs: 250 });
    expect(found).toEqual([workflowId]);
  });

  it('429 with Retry-After: 3 waits at least 3 s before the next attempt', async () => {
    const [first, second] = await receivers.throttled.waitFor(2);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(3_000);
    const { workflowId, delivery } = await recorded('throttled');
    const client = await stack.temporalClient();
    await client.workflow.getHandle(workflowId).result();
    expect(timerSummaries((await history(client, workflowId)).events ?? [])).toEqual([`json ${new URL(receivers.throttled.url).host}: waiting 3s before attempt 2/3 (the receiver asked with Retry-After)`]);
    expect((await stack.orm.em.fork().findOneOrFail(Delivery, { id: delivery.id })).status).toBe('succeeded');
  });

  it('a receiver failing every attempt: the schedule runs out and the delivery ends failed', async () => {
    const { workflowId } = await recorded('down');
    const client = await stack.temporalClient();
    expect(Object.values(await client.workflow.getHandle(workflowId).result())).toEqual(['failed']);
    expect(receivers.down.requests).toHaveLength(3);
    const { delivery, attempts } = await recorded('down');
    expect(delivery).toMatchObject({ status: 'failed', attemptCount: 3, lastStatusCode: 500 });
    expect(delivery.completedAt).toBeInstanceOf(Date);
    expect(attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 500]);
    expect((await client.workflow.getHandle(workflowId).describe()).searchAttributes.HeraldDeliveryStatus).toEqual(['failed']);
  });
});
