import type { Client } from '@temporalio/client';
import { closedLoop } from './http-client';

/** What a span of Herald's work cost the Temporal server, read from its own records. */
export interface TemporalCost {
  /** Executions whose StartTime falls in the span, continued-as-new runs included. */
  executions: number;
  /** Histories read: all the executions, unless there were more than MAX_HISTORIES. */
  historiesRead: number;
  totals: TemporalWork;
  /** totals ÷ the events (GETs) of the span. */
  perEvent: TemporalWork;
}

export interface TemporalWork {
  workflowStarts: number;
  /** ActivityTaskScheduled: one per activity execution, however many attempts it took. */
  activities: number;
  /** Local activities leave a marker instead of ActivityTaskScheduled. */
  localActivities: number;
  signals: number;
  historyEvents: number;
}

/** Bounds the reading: a span of more executions is reported on its first MAX_HISTORIES. */
const MAX_HISTORIES = 10_000;
const CONCURRENT_FETCHES = 8;
/** The marker the SDK's core records for each local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** `count` ÷ `events` to three significant digits: a batched signal costs a small fraction of a GET. */
export function ratePerEvent(count: number, events: number): number {
  return events > 0 ? Number((count / events).toPrecision(3)) : NaN;
}

/**
 * Every execution started on the server in [since, until) (any task queue: the bench runs nothing
 * else on it meanwhile), as a visibility query.
 */
export function startedBetween(since: Date, until: Date): string {
  return `StartTime >= "${since.toISOString()}" AND StartTime < "${until.toISOString()}"`;
}

/**
 * Lists the executions started in the span, fetches each history (CONCURRENT_FETCHES at a time)
 * and counts workflow starts, activity executions, signals and history events. Histories of
 * executions still running (an idle digest workflow) count as far as they go.
 */
export async function temporalCost(client: Client, since: Date, until: Date, events: number): Promise<TemporalCost> {
  const runs: Array<{ workflowId: string; runId: string }> = [];
  let executions = 0;
  for await (const execution of client.workflow.list({ query: startedBetween(since, until) })) {
    executions += 1;
    if (runs.length < MAX_HISTORIES) runs.push({ workflowId: execution.workflowId, runId: execution.runId });
  }
  const totals: TemporalWork = { workflowStarts: 0, activities: 0, localActivities: 0, signals: 0, historyEvents: 0 };
  await closedLoop(CONCURRENT_FETCHES, runs.length, async (index) => {
    const history = await client.workflow.getHandle(runs[index].workflowId, runs[index].runId).fetchHistory();
    for (const event of history.events ?? []) {
      totals.historyEvents += 1;
      if (event.workflowExecutionStartedEventAttributes) totals.workflowStarts += 1;
      else if (event.activityTaskScheduledEventAttributes) totals.activities += 1;
      else if (event.workflowExecutionSignaledEventAttributes) totals.signals += 1;
      else if (event.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER) totals.localActivities += 1;
    }
  });
  const per = (value: number) => ratePerEvent(value, events);
  return {
    executions,
    historiesRead: runs.length,
    totals,
    perEvent: {
      workflowStarts: per(totals.workflowStarts),
      activities: per(totals.activities),
      localActivities: per(totals.localActivities),
      signals: per(totals.signals),
      historyEvents: per(totals.historyEvents),
    },
  };
}
