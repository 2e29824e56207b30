import { Delivery, DeliveryAttempt, FileEvent } from '@herald/persistence';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { attemptActivities, history, jsonHook, upload } from './fixtures';

jest.setTimeout(60_000);

describe('worker shutdown drains: an attempt in flight finishes and records its outcome', () => {
  let stack: TestStack;
  let receiver: Receiver;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { HERALD_RETRY_SCHEDULE: '1s,1s' } });
    // Answers each request 1.5 s late, so shutdown begins while the attempt waits for it.
    receiver = await Receiver.start((_, __, response) => {
      setTimeout(() => response.writeHead(200).end('late but fine'), 1_500);
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('lets the attempt complete during shutdown, and the next worker does not send it again', async () => {
    await jsonHook(stack, 'libs-drain', receiver.url);
    await upload(stack, 'libs-drain', 'org/acme/slow/1.0/slow-1.0.jar');
    await receiver.waitFor(1);

    // What SIGTERM does in the worker process: stop polling, let work in flight finish.
    await stack.stopWorker();
    const em = stack.orm.em.fork();
    const event = await em.findOneOrFail(FileEvent, { repository: 'libs-drain' });
    const delivery = await em.findOneOrFail(Delivery, { eventId: event.id });
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 200 });
    expect(await em.find(DeliveryAttempt, { delivery })).toMatchObject([{ number: 1, statusCode: 200, responseBody: 'late but fine' }]);

    await stack.startWorker();
    const client = await stack.temporalClient();
    expect(Object.values(await client.workflow.getHandle(`file-event-${event.id}`).result())).toEqual(['succeeded']);
    expect(attemptActivities((await history(client, `file-event-${event.id}`)).events ?? [])).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });
});
