import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { HeraldConfig } from '@herald/config';
import {
  DIGEST_EVENTS_SIGNAL,
  DIGEST_WORKFLOW_TYPE,
  FILE_EVENT_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  digestWorkflowId,
  fileEventWorkflowId,
  redeliveryWorkflowId,
  type DigestEventsSignal,
} from '@herald/contracts';
import { Delivery, FileEvent } from '@herald/persistence';
import type { TemporalClientProvider } from '@herald/temporal';
import { FileEventWorkflowStarter } from './file-event-workflow.starter';

const TASK_QUEUE = 'herald-spec-queue';
/** Planted in every field the workflows must read for themselves, never receive. */
const SECRET = 'whsec_planted-secret';

/** What the fake client was asked: the method, the workflow type, its options, and the time the caller allowed it. */
interface Call {
  method: 'start' | 'signalWithStart';
  workflowType: string;
  options: Record<string, unknown>;
  msAllowed: number | null;
}

/** Stands in for TemporalClientProvider's client: records each call and refuses it on demand. */
function starterWith(refusal?: Error) {
  const calls: Call[] = [];
  let deadline: number | null = null;
  const record = (method: Call['method']) => async (workflowType: string, options: Record<string, unknown>) => {
    calls.push({ method, workflowType, options, msAllowed: deadline === null ? null : deadline - Date.now() });
    if (refusal) throw refusal;
    return {};
  };
  const client = {
    connection: {
      async withDeadline<T>(at: number | Date, work: () => Promise<T>): Promise<T> {
        deadline = Number(at);
        try {
          return await work();
        } finally {
          deadline = null;
        }
      },
    },
    workflow: { start: record('start'), signalWithStart: record('signalWithStart') },
  };
  const temporal = { client: async () => client } as unknown as TemporalClientProvider;
  const config = { temporal: { taskQueue: TASK_QUEUE } } as HeraldConfig;
  return { starter: new FileEventWorkflowStarter(temporal, config), calls };
}

/** An event whose every field but its id, type, repository and path holds a secret-looking string. */
function event(fields: Partial<FileEvent> = {}): FileEvent {
  return Object.assign(new FileEvent(), {
    type: 'file.uploaded',
    repository: 'libs',
    path: 'com/acme/app/1.0/app-1.0.jar',
    name: SECRET,
    sha256: SECRET,
    sha1: SECRET,
    md5: SECRET,
    contentType: SECRET,
    actorUsername: SECRET,
    actorIp: SECRET,
    actorUserAgent: SECRET,
    payload: { secret: SECRET },
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    ...fields,
  });
}

function delivery(of: FileEvent): Delivery {
  return Object.assign(new Delivery(), { webhookId: 'wh_json', eventId: of.id, eventType: of.type, workflowId: SECRET });
}

const attributes = (call: Call) => call.options.typedSearchAttributes as Array<{ key: { name: string }; value: unknown }>;
const attribute = (call: Call, key: { name: string }) => attributes(call).find((pair) => pair.key.name === key.name)?.value;

describe('FileEventWorkflowStarter', () => {
  it("starts an event's workflow under its id, once per id, naming the webhooks it is expected to notify", async () => {
    const { starter, calls } = starterWith();
    const uploaded = event();
    await starter.startEvent(uploaded, [
      { id: 'wh_json', targetType: 'json' },
      { id: 'wh_mail', targetType: 'email' },
      { id: 'wh_json2', targetType: 'json' },
    ]);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call.method).toBe('start');
    expect(call.workflowType).toBe(FILE_EVENT_WORKFLOW_TYPE);
    expect(call.options).toMatchObject({
      workflowId: fileEventWorkflowId(uploaded.id),
      taskQueue: TASK_QUEUE,
      // A running execution is reused and a closed one is not started again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    expect(call.options.args).toEqual([{ eventId: uploaded.id, eventType: 'file.uploaded', repository: 'libs', path: 'com/acme/app/1.0/app-1.0.jar' }]);
    expect(attribute(call, SEARCH_ATTRIBUTES.repository)).toBe('libs');
    expect(attribute(call, SEARCH_ATTRIBUTES.eventType)).toBe('file.uploaded');
    expect(attribute(call, SEARCH_ATTRIBUTES.deliveryStatus)).toBe('pending');
    expect(attribute(call, SEARCH_ATTRIBUTES.webhookIds)).toEqual(['wh_json', 'wh_mail', 'wh_json2']);
    expect(attribute(call, SEARCH_ATTRIBUTES.targetTypes)).toEqual(['json', 'email']);
  });

  it('leaves the webhook attributes to the workflow when no webhook is expected, and passes a targeted event its webhook', async () => {
    const { starter, calls } = starterWith();
    const test = event({ type: 'webhook.test', path: '.herald/webhook-test', targetWebhookId: 'wh_json' });
    await starter.startEvent(test, []);
    expect(attributes(calls[0]).map((pair) => pair.key.name)).toEqual([SEARCH_ATTRIBUTES.repository.name, SEARCH_ATTRIBUTES.eventType.name, SEARCH_ATTRIBUTES.deliveryStatus.name]);
    expect(calls[0].options.args).toEqual([{ eventId: test.id, eventType: 'webhook.test', repository: 'libs', path: '.herald/webhook-test', webhookId: 'wh_json' }]);
  });

  it('keeps the summary within the 400 characters Temporal shows', async () => {
    const { starter, calls } = starterWith();
    await starter.startEvent(event({ path: `deep/${'a/'.repeat(300)}app.jar` }), []);
    expect(String(calls[0].options.staticSummary)).toHaveLength(400);
  });

  it('starts a redelivery as a new execution for the one delivery row, and answers its workflow id', async () => {
    const { starter, calls } = starterWith();
    const uploaded = event();
    const row = delivery(uploaded);
    await expect(starter.startRedelivery(uploaded, row)).resolves.toBe(redeliveryWorkflowId(row.id));
    expect(calls[0]).toMatchObject({ method: 'start', workflowType: FILE_EVENT_WORKFLOW_TYPE, options: { workflowId: redeliveryWorkflowId(row.id), taskQueue: TASK_QUEUE } });
    expect(calls[0].options.args).toEqual([{ eventId: uploaded.id, eventType: 'file.uploaded', repository: 'libs', path: uploaded.path, webhookId: 'wh_json', deliveryId: row.id }]);
  });

  it("signals a digest's window under the webhook's id, starting it when none runs", async () => {
    const { starter, calls } = starterWith();
    const signal: DigestEventsSignal = { events: [{ eventId: 'evt_1', type: 'file.downloaded', path: 'a.jar', actor: 'ci', occurredAt: '2026-12-01T10:00:00.000Z', windowSeconds: 60 }] };
    await starter.signalDigest({ webhookId: 'wh_digest', repository: 'libs' }, signal);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call).toMatchObject({
      method: 'signalWithStart',
      workflowType: DIGEST_WORKFLOW_TYPE,
      options: { workflowId: digestWorkflowId('wh_digest'), taskQueue: TASK_QUEUE, signal: DIGEST_EVENTS_SIGNAL },
    });
    expect(call.options.args).toEqual([{ webhookId: 'wh_digest', repository: 'libs' }]);
    expect(call.options.signalArgs).toEqual([signal]);
    expect(attribute(call, SEARCH_ATTRIBUTES.repository)).toBe('libs');
    expect(attribute(call, SEARCH_ATTRIBUTES.eventType)).toBe('file.digest');
    expect(attribute(call, SEARCH_ATTRIBUTES.webhookIds)).toEqual(['wh_digest']);
  });

  it('sends Temporal ids, names and paths only: no other field of the event or the delivery', async () => {
    const { starter, calls } = starterWith();
    const uploaded = event();
    await starter.startEvent(uploaded, [{ id: 'wh_json', targetType: 'json' }]);
    await starter.startRedelivery(uploaded, delivery(uploaded));
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(JSON.stringify(call.options)).not.toContain(SECRET);
  });

  it('takes an event whose workflow already ran as started, and passes any other refusal on', async () => {
    const ran = new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'file-event-evt_1', FILE_EVENT_WORKFLOW_TYPE);
    await expect(starterWith(ran).starter.startEvent(event(), [])).resolves.toBeUndefined();

    const down = new Error('14 UNAVAILABLE: No connection established');
    const { starter } = starterWith(down);
    await expect(starter.startEvent(event(), [])).rejects.toBe(down);
    await expect(starter.startRedelivery(event(), delivery(event()))).rejects.toBe(down);
    await expect(starter.signalDigest({ webhookId: 'wh_digest', repository: 'libs' }, { events: [] })).rejects.toBe(down);
  });

  it('gives every call to Temporal ten seconds, retries included, before the event is left to the sweep', async () => {
    const { starter, calls } = starterWith();
    const uploaded = event();
    await starter.startEvent(uploaded, []);
    await starter.startRedelivery(uploaded, delivery(uploaded));
    await starter.signalDigest({ webhookId: 'wh_digest', repository: 'libs' }, { events: [] });
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.msAllowed).toBeGreaterThan(9_000);
      expect(call.msAllowed).toBeLessThanOrEqual(10_000);
    }
  });
});
