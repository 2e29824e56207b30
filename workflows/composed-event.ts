import { ParentClosePolicy, WorkflowIdReusePolicy, startChild } from '@temporalio/workflow';
import type { FileEventWorkflowId, FileEventWorkflowInput } from '../libs/contracts/src';
import { fileEventWorkflow } from './file-event.workflow';
import { KEYS } from './search-attribute-updates';

/**
 * Starts the ordinary event workflow of an event a grouping workflow composed (a digest, a
 * published version), so it is delivered, retried, searched and redelivered like any other.
 * Abandoned rather than awaited: the grouping workflow goes on (or continues as new) at once.
 * The id is `fileEventWorkflowId` of libs/contracts, restated (workflow code imports only types) and
 * held to its type.
 */
export async function startComposedEvent(event: FileEventWorkflowInput, summary: string): Promise<void> {
  await startChild(fileEventWorkflow, {
    workflowId: `file-event-${event.eventId}` satisfies FileEventWorkflowId,
    args: [event],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    staticSummary: summary.slice(0, 400),
    typedSearchAttributes: [
      { key: KEYS.repository, value: event.repository },
      { key: KEYS.eventType, value: event.eventType },
      { key: KEYS.deliveryStatus, value: 'pending' },
    ],
  });
}
