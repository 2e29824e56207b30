import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo, type SignalDefinition } from '@temporalio/workflow';
import type { HeraldActivities, VersionUploadSignal, VersionWorkflowInput } from '../libs/contracts/src';
import { startComposedEvent } from './composed-event';

// Storing the announcement must happen: retried until the database answers.
const { recordPublishedVersion } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A version whose uploads never go quiet would grow one history forever: carry on in a new run. */
const HISTORY_LIMIT = 5_000;

/** Carried over by continue-as-new: uploaded paths not yet announced, ids seen, announcements made. */
export interface CarriedUploads {
  pending: Record<string, string>;
  seen: string[];
  announced: number;
}

export type VersionWorkflowArgs<I extends VersionWorkflowInput = VersionWorkflowInput> = I & { carried?: CarriedUploads };

/** The child workflow's summary: the event type, repository and version, as the Temporal UI lists it. */
function announcementSummary(input: VersionWorkflowInput): string {
  if ('python' in input) return `python.version.published ${input.repository} ${input.python.project}==${input.python.version}`;
  return `maven.version.published ${input.repository} ${input.maven.groupId}:${input.maven.artifactId}:${input.maven.version}`;
}

/**
 * The body of every version workflow (Maven, Python): one version of one repository, fed by
 * resolve through signalWithStart with each upload of its files. Every upload restarts the quiet
 * period; once uploads have been quiet for `quietMs`, the version is stored as one
 * `*.version.published` event and delivered by its own event workflow. The workflow then waits
 * one more quiet period for late files (announced again, as a new event) and ends.
 */
export async function groupVersionUploads(args: VersionWorkflowArgs, uploadSignal: SignalDefinition<[VersionUploadSignal]>): Promise<void> {
  const { carried, ...input } = args;
  const pending = new Map(Object.entries(carried?.pending ?? {}));
  const seen = new Set(carried?.seen ?? []);
  let announced = carried?.announced ?? 0;
  let uploads = 0;
  setHandler(uploadSignal, ({ eventId, path }) => {
    if (seen.has(eventId)) return;
    seen.add(eventId);
    pending.set(path, eventId);
    uploads += 1;
  });

  for (;;) {
    const heard = uploads;
    if (await condition(() => uploads !== heard, input.quietMs)) {
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        await continueAsNew<(next: VersionWorkflowArgs) => Promise<void>>({ ...input, carried: { pending: Object.fromEntries(pending), seen: [...seen], announced } });
      }
      continue;
    }
    if (pending.size === 0) return;
    const paths = [...pending.keys()];
    pending.clear();
    const { workflowId, runId } = workflowInfo();
    const { event } = await recordPublishedVersion({ ...input, paths, key: `${workflowId}/${runId}/${announced}`, quietAt: new Date().toISOString() });
    announced += 1;
    if (event) await startComposedEvent(event, announcementSummary(input));
  }
}
