import { ScheduleAlreadyRunning, ScheduleClient, ScheduleOverlapPolicy, type ConnectionLike, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';
import type { HeraldConfig } from '@herald/config';
import { BLOB_GC_WORKFLOW_TYPE, blobGcScheduleId, type BlobGcWorkflowInput } from '@herald/contracts';

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged';

/**
 * The catch-up window is one interval: after an outage of Temporal the schedule makes up the
 * last run it missed, not one per interval; never under a minute, so that a restart of the
 * scheduler itself loses no run.
 */
const SHORTEST_CATCHUP_MS = 60_000;

/** What the schedule should be for this worker's settings. */
export function blobGcSchedule(config: Pick<HeraldConfig, 'temporal' | 'blobGc'>): ScheduleOptions {
  const scheduleId = blobGcScheduleId(config.temporal.taskQueue);
  const input: BlobGcWorkflowInput = { graceMs: config.blobGc.graceMs };
  return {
    scheduleId,
    spec: { intervals: [{ every: config.blobGc.everyMs }] },
    action: {
      type: 'startWorkflow',
      workflowType: BLOB_GC_WORKFLOW_TYPE,
      workflowId: scheduleId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
      staticSummary: `Frees blobs no file has pointed at for ${duration(config.blobGc.graceMs)}`,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: Math.max(config.blobGc.everyMs, SHORTEST_CATCHUP_MS) },
  };
}

/**
 * Creates the blob garbage collection schedule, or brings it to this worker's settings. A fleet
 * starts its workers together: each tries to create it, the others are told it exists, compare,
 * and write only when their settings differ, so the latest configuration wins and identical
 * workers never write. An update keeps the schedule's state: a schedule an operator paused in
 * the UI stays paused through restarts.
 */
export async function ensureBlobGcSchedule(connection: ConnectionLike, namespace: string, config: Pick<HeraldConfig, 'temporal' | 'blobGc'>): Promise<ScheduleOutcome> {
  const client = new ScheduleClient({ connection, namespace });
  const wanted = blobGcSchedule(config);
  try {
    await client.create(wanted);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.getHandle(wanted.scheduleId);
  if (sameSettings(await handle.describe(), wanted)) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec: wanted.spec, action: wanted.action, policies: wanted.policies }));
  return 'updated';
}

/** The settings this worker decides; the schedule's state and any other field are left as they are. */
function sameSettings(current: ScheduleDescription, wanted: ScheduleOptions): boolean {
  const settings = (every: unknown, action: ScheduleOptions['action'] | ScheduleDescription['action'], policies: ScheduleOptions['policies']) =>
    JSON.stringify([every, action.workflowType, action.workflowId, action.taskQueue, action.args, action.staticSummary, policies?.overlap, policies?.catchupWindow]);
  return settings(current.spec.intervals?.map((interval) => interval.every), current.action, current.policies) === settings(wanted.spec.intervals?.map((interval) => interval.every), wanted.action, wanted.policies);
}

/** `1h`, `90s`, `250ms`: as HERALD_BLOB_GC_GRACE would say it. */
function duration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
