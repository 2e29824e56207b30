import { condition, continueAsNew, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { HeraldActivities, MavenUploadSignal, MavenVersionWorkflowInput } from '../libs/contracts/src';
import { startComposedEvent } from './composed-event';

/** The name is MAVEN_UPLOAD_SIGNAL of libs/contracts, restated: workflow code imports only types. */
export const mavenUploadSignal = defineSignal<[MavenUploadSignal]>('mavenUpload');

// Storing the announcement must happen: retried until the database answers.
const { recordPublishedVersion } = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A version whose uploads never go quiet would grow one history forever: carry on in a new run. */
const HISTORY_LIMIT = 5_000;

export interface MavenVersionWorkflowArgs extends MavenVersionWorkflowInput {
  /** Carried over by continue-as-new: uploaded paths not yet announced, ids seen, announcements made. */
  carried?: { pending: Record<string, string>; seen: string[]; announced: number };
}

/**
 * One Maven version of one repository, fed by resolve through signalWithStart with each upload
 * of its files (jar, pom, checksums, signatures). Every upload restarts the quiet period; once
 * uploads have been quiet for `quietMs`, the version is stored as one `maven.version.published`
 * event and delivered by its own event workflow. The workflow then waits one more quiet period
 * for late files (announced again, as a new event) and ends.
 */
export async function mavenVersionWorkflow(args: MavenVersionWorkflowArgs): Promise<void> {
  const { carried, ...input } = args;
  const pending = new Map(Object.entries(carried?.pending ?? {}));
  const seen = new Set(carried?.seen ?? []);
  let announced = carried?.announced ?? 0;
  let uploads = 0;
  setHandler(mavenUploadSignal, ({ eventId, path }) => {
    if (seen.has(eventId)) return;
    seen.add(eventId);
    pending.set(path, eventId);
    uploads += 1;
  });
  const coordinates = `${input.maven.groupId}:${input.maven.artifactId}:${input.maven.version}`;

  for (;;) {
    const heard = uploads;
    if (await condition(() => uploads !== heard, input.quietMs)) {
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        await continueAsNew<typeof mavenVersionWorkflow>({ ...input, carried: { pending: Object.fromEntries(pending), seen: [...seen], announced } });
      }
      continue;
    }
    if (pending.size === 0) return;
    const paths = [...pending.keys()];
    pending.clear();
    const { workflowId, runId } = workflowInfo();
    const { event } = await recordPublishedVersion({ ...input, paths, key: `${workflowId}/${runId}/${announced}`, quietAt: new Date().toISOString() });
    announced += 1;
    if (event) await startComposedEvent(event, `maven.version.published ${input.repository} ${coordinates}`);
  }
}
