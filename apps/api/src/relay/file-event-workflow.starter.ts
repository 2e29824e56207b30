import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import {
  DIGEST_EVENTS_SIGNAL,
  DIGEST_WORKFLOW_TYPE,
  FILE_EVENT_WORKFLOW_TYPE,
  SEARCH_ATTRIBUTES,
  digestWorkflowId,
  fileEventWorkflowId,
  redeliveryWorkflowId,
  type DigestEventsSignal,
  type DigestWorkflowInput,
  type FileEventWorkflowInput,
} from '@herald/contracts';
import type { Delivery, FileEvent } from '@herald/persistence';
import { TemporalClientProvider } from '@herald/temporal';

/** The webhooks a file event is expected to notify, as its search attributes name them. */
export type ExpectedTargets = ReadonlyArray<{ id: string; targetType: string }>;

/** How long one start may take, retries included, before the event is left to the sweep. */
const START_DEADLINE_MS = 10_000;

/**
 * Starts event workflows and feeds digest windows. Inputs, signals, ids, summaries and details
 * hold ids, names and paths only: the workflows read secrets inside their activities.
 */
@Injectable()
export class FileEventWorkflowStarter {
  constructor(
    private readonly temporal: TemporalClientProvider,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
  ) {}

  /**
   * The workflow of a recorded event, `file-event-{eventId}`. Repeating it is harmless: a
   * running execution is reused and a closed one is not started again. `expected` are the
   * webhooks the subscription index expects it to notify: named in its search attributes from
   * the start, so a workflow that resolves the same ones has nothing to add to them.
   */
  async startEvent(event: FileEvent, expected: ExpectedTargets): Promise<void> {
    const input: FileEventWorkflowInput = {
      eventId: event.id,
      eventType: event.type,
      repository: event.repository,
      path: event.path,
      ...(event.targetWebhookId ? { webhookId: event.targetWebhookId } : {}),
    };
    try {
      await this.start(fileEventWorkflowId(event.id), input, event, `${event.type} ${event.repository}/${event.path}`, details(event), expected);
    } catch (error) {
      // REJECT_DUPLICATE: the workflow ran and closed already, so the event was dispatched.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  /** A new execution for one delivery row of an earlier event, `redeliver-{deliveryId}`. */
  async startRedelivery(event: FileEvent, delivery: Delivery): Promise<string> {
    const workflowId = redeliveryWorkflowId(delivery.id);
    const input: FileEventWorkflowInput = { eventId: event.id, eventType: event.type, repository: event.repository, path: event.path, webhookId: delivery.webhookId, deliveryId: delivery.id };
    await this.start(
      workflowId,
      input,
      event,
      `redelivery: ${event.type} ${event.repository}/${event.path}`,
      `${details(event)}\n**Redelivery** \`${delivery.id}\` to webhook \`${delivery.webhookId}\``,
    );
    return workflowId;
  }

  /**
   * Hands events to a digesting webhook's window, `digest-{webhookId}`, starting its workflow when
   * none runs. Repeating it is harmless: the workflow counts an event id once.
   */
  async signalDigest(input: DigestWorkflowInput, signal: DigestEventsSignal): Promise<void> {
    const client = await this.temporal.client();
    await client.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      client.workflow.signalWithStart(DIGEST_WORKFLOW_TYPE, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: digestWorkflowId(input.webhookId),
        args: [input],
        signal: DIGEST_EVENTS_SIGNAL,
        signalArgs: [signal],
        staticSummary: `digest of webhook ${input.webhookId} (${input.repository})`,
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.repository, value: input.repository },
          { key: SEARCH_ATTRIBUTES.eventType, value: 'file.digest' },
          { key: SEARCH_ATTRIBUTES.webhookIds, value: [input.webhookId] },
        ],
      }),
    );
  }

  private async start(
    workflowId: string,
    input: FileEventWorkflowInput,
    event: FileEvent,
    summary: string,
    staticDetails: string,
    expected: ExpectedTargets = [],
  ): Promise<void> {
    const client = await this.temporal.client();
    await client.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      client.workflow.start(FILE_EVENT_WORKFLOW_TYPE, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: summary.slice(0, 400),
        staticDetails,
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.repository, value: event.repository },
          { key: SEARCH_ATTRIBUTES.eventType, value: event.type },
          { key: SEARCH_ATTRIBUTES.deliveryStatus, value: 'pending' },
          ...(expected.length > 0
            ? [
                { key: SEARCH_ATTRIBUTES.webhookIds, value: expected.map((webhook) => webhook.id) },
                { key: SEARCH_ATTRIBUTES.targetTypes, value: [...new Set(expected.map((webhook) => webhook.targetType))] },
              ]
            : []),
        ],
      }),
    );
  }
}

function details(event: FileEvent): string {
  return [
    `**Event** \`${event.id}\` (${event.type})`,
    `**Repository** ${event.repository}`,
    `**Path** ${event.path}`,
    `**Occurred** ${event.occurredAt.toISOString()}`,
  ].join('\n');
}
