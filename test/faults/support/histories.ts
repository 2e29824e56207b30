import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { connectTemporal } from '@herald/temporal';
import type { BuiltStack } from './built-stack';

const { EventType, TimeoutType } = temporal.api.enums.v1;

/**
 * How the attempt activities of the given event workflows timed out, counted by timeout type
 * (`TIMEOUT_TYPE_HEARTBEAT`, `TIMEOUT_TYPE_START_TO_CLOSE`, ...), read from their histories.
 */
export async function activityTimeouts(stack: BuiltStack, workflowIds: string[]): Promise<Record<string, number>> {
  const connection = await connectTemporal({ address: stack.env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection });
    const counts: Record<string, number> = {};
    for (const workflowId of workflowIds) {
      const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
      for (const event of events ?? []) {
        if (event.eventType !== EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) continue;
        const type = event.activityTaskTimedOutEventAttributes?.failure?.timeoutFailureInfo?.timeoutType ?? TimeoutType.TIMEOUT_TYPE_UNSPECIFIED;
        const name = TimeoutType[type];
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }
    return counts;
  } finally {
    await connection.close();
  }
}
