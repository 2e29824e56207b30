import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { FILE_EVENT_WORKFLOW_TYPE, SEARCH_ATTRIBUTES, fileEventWorkflowId, type FileEventType, type FileEventWorkflowInput } from '@herald/contracts';
import { Receiver } from '../support/receiver';
import { postgresReachable } from '../support/databases';
import { createRepository, subscribeJsonWebhook, upload } from './support/admin';
import { waitUntil } from '../support/timing';
import { freePort } from '../support/built-herald';
import { ADMIN_AUTH, BuiltStack, ensureBuilt, type ApiChild } from './support/built-stack';
import { send } from './support/http';
import { DeliveryLedger } from './support/ledger';
import { report } from './support/report';
import { queryRows } from './support/rows';

const REPOSITORY = 'relay';
const OUTBOX_EVENTS = 120;
/** Of those, started by hand as a relay would have before dying, without the dispatched mark. */
const STARTED_UNMARKED = 40;
const RACE_EVENTS = 60;

jest.setTimeout(300_000);

interface OutboxRow {
  id: string;
  type: FileEventType;
  repository: string;
  path: string;
}

/**
 * Scenario 4: the relay dies between starting an event's workflow and marking the event
 * dispatched, so after a restart the sweep finds events whose workflows already run. Two ways:
 * events piled up while Temporal was unreachable, some started by hand exactly as the relay
 * starts them; and the API SIGKILLed right after a burst of uploads. Then two API replicas
 * sweep the same outbox at once (PostgreSQL: `for update skip locked`). Temporal must hold
 * exactly one execution per event.
 */
describe('faults: the relay killed between starting a workflow and marking its event', () => {
  let stack: BuiltStack;
  let receiver: Receiver;
  let ledger: DeliveryLedger;
  let temporal: Client;

  beforeAll(async () => {
    ensureBuilt();
    const dialect = (await postgresReachable()) ? 'postgresql' : 'sqlite';
    receiver = await Receiver.start();
    ledger = new DeliveryLedger('relay');
    stack = await BuiltStack.create({ name: '4-relay-crash', dialect });
    temporal = new Client({ connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS }) });
    // The worker registers the search attributes the starts below carry.
    await stack.startWorker();
  });

  afterAll(async () => {
    await temporal?.connection.close();
    await stack?.stop();
    await receiver?.stop();
  });

  async function uploadMany(api: ApiChild, first: number, count: number): Promise<void> {
    let next = first;
    const end = first + count;
    const uploader = async () => {
      while (next < end) {
        const n = next++;
        const tag = ledger.nextTag();
        const answer = await upload(api.port, ADMIN_AUTH, REPOSITORY, `com/example/relay/${n}/relay-${n}.jar`, `relay artifact ${n}`, tag);
        if (answer.status !== 201) throw new Error(`upload ${n} answered ${answer.status}`);
        ledger.acknowledge(tag, REPOSITORY, 'file.uploaded');
      }
    };
    await Promise.all(Array.from({ length: 4 }, uploader));
  }

  const undispatched = () => queryRows<OutboxRow>(stack, 'select id, type, repository, path from file_event where dispatched_at is null order by occurred_at, id');

  async function hasExecution(eventId: string): Promise<boolean> {
    try {
      await temporal.workflow.getHandle(fileEventWorkflowId(eventId)).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** What EventRelayService does for one event, done here for a relay that died before its mark. */
  async function startAsTheRelayWould(event: OutboxRow): Promise<void> {
    const input: FileEventWorkflowInput = { eventId: event.id, eventType: event.type, repository: event.repository, path: event.path };
    await temporal.workflow.start(FILE_EVENT_WORKFLOW_TYPE, {
      taskQueue: stack.env.HERALD_TASK_QUEUE,
      workflowId: fileEventWorkflowId(event.id),
      args: [input],
      typedSearchAttributes: [
        { key: SEARCH_ATTRIBUTES.repository, value: event.repository },
        { key: SEARCH_ATTRIBUTES.eventType, value: event.type },
        { key: SEARCH_ATTRIBUTES.deliveryStatus, value: 'pending' },
      ],
    });
  }

  it('leaves exactly one workflow execution per event, and delivers each event once', async () => {
    // Events pile up in the outbox while the API cannot reach Temporal.
    const cutOff = await stack.startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    await createRepository(cutOff.port, REPOSITORY);
    await subscribeJsonWebhook(cutOff.port, ledger, { receiver, path: `/hooks/${REPOSITORY}`, repository: REPOSITORY, events: ['file.uploaded'] });
    await uploadMany(cutOff, 1, OUTBOX_EVENTS);
    await cutOff.kill();
    const piled = await undispatched();
    for (const event of piled.slice(0, STARTED_UNMARKED)) await startAsTheRelayWould(event);

    // The real race: SIGKILL right after a burst, while starts and marks are in flight.
    const racing = await stack.startApi();
    // /readyz connects the API's Temporal client, so the burst's starts go out at once.
    expect((await send(racing.port, 'GET', '/readyz')).status).toBe(200);
    await uploadMany(racing, OUTBOX_EVENTS + 1, RACE_EVENTS);
    await racing.kill();
    const afterRace = (await undispatched()).slice(piled.length);
    let startedUnmarkedByRace = 0;
    for (const event of afterRace) if (await hasExecution(event.id)) startedUnmarkedByRace += 1;

    // Two replicas sweep the same outbox at once.
    const replicas = [await stack.startApi(), await stack.startApi()];
    const drained = await waitUntil(async () => (await undispatched()).length === 0, 60_000, 500);
    const tally = await ledger.settle(120_000);

    const events = await queryRows<{ id: string }>(stack, 'select id from file_event where repository = $1', [REPOSITORY]);
    const executions = new Map<string, number>();
    for await (const execution of temporal.workflow.list({ query: `HeraldRepository = "${REPOSITORY}"` })) {
      executions.set(execution.workflowId, (executions.get(execution.workflowId) ?? 0) + 1);
    }
    const deliveryRows = await queryRows<{ event_id: string; n: number | string }>(stack, 'select event_id, count(*) as n from delivery group by event_id');
    const eventsWithoutOneExecution = events.filter((event) => executions.get(fileEventWorkflowId(event.id)) !== 1);
    report('4-relay-crash', {
      dialect: stack.database.label,
      injected: `${piled.length} events left undispatched (API cut off from Temporal, then SIGKILLed), ${STARTED_UNMARKED} of them started by hand as a relay dying before its mark would; ${RACE_EVENTS} uploads then a SIGKILL of the API right after the last 201 (${afterRace.length} left unmarked, ${startedUnmarkedByRace} of those already started); then ${replicas.length} API replicas sweeping at once`,
      events: events.length,
      executions: [...executions.values()].reduce((sum, n) => sum + n, 0),
      eventsWithoutExactlyOneExecution: eventsWithoutOneExecution.length,
      deliveryRows: deliveryRows.reduce((sum, row) => sum + Number(row.n), 0),
      ...tally,
    });

    expect(piled).toHaveLength(OUTBOX_EVENTS);
    expect(drained).toBe(true);
    expect(events).toHaveLength(OUTBOX_EVENTS + RACE_EVENTS);
    expect(eventsWithoutOneExecution).toEqual([]);
    expect(executions.size).toBe(events.length);
    // One delivery row per event for its one webhook: no second workflow resolved it again.
    expect(deliveryRows).toHaveLength(events.length);
    expect(deliveryRows.every((row) => Number(row.n) === 1)).toBe(true);
    expect(tally.missingSample).toEqual([]);
    expect(tally).toMatchObject({ missing: 0, idConflicts: 0, acknowledged: events.length });
  });
});
