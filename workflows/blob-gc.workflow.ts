import { continueAsNew, proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { BlobGcPageInput, BlobGcPageResult, BlobGcSummary, BlobGcWorkflowInput, HeraldActivities } from '../libs/contracts/src';

// A page that fails (database or store unreachable) is retried until it succeeds: the run waits
// on that page, its error visible in the UI, and the schedule skips the runs that fall due meanwhile.
const gc = proxyActivities<HeraldActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const DEFAULT_PAGE_SIZE = 500;
/** About six history events a page: a run stays near a thousand events, however large the store. */
const DEFAULT_PAGES_PER_RUN = 200;

/**
 * Mark before free, so that a blob orphaned since the last run starts its grace period now;
 * strays after both, so the store is compared with the table collection has just settled.
 */
type Phase = 'mark' | 'free' | 'strays' | 'staged';
type PagedPhase = Exclude<Phase, 'staged'>;

const PAGE: Record<PagedPhase, (input: BlobGcPageInput) => Promise<BlobGcPageResult>> = {
  mark: gc.markOrphanedBlobs,
  free: gc.freeOrphanedBlobs,
  strays: gc.freeStrayBlobs,
};
const AFTER: Record<PagedPhase, Phase> = { mark: 'free', free: 'strays', strays: 'staged' };
const LABEL: Record<Phase, string> = {
  mark: 'Marking blobs no file points at',
  free: 'Freeing blobs orphaned for longer than the grace period',
  strays: 'Freeing bytes no blob row names',
  staged: 'Dropping staged uploads left by crashes',
};

/** Where a collection is: carried across continue-as-new, so a new run resumes on the same page. */
export interface BlobGcProgress {
  phase: Phase;
  /** The last digest of the phase's previous page; null at the phase's start. */
  after: string | null;
  summary: BlobGcSummary;
}

export interface BlobGcWorkflowArgs extends BlobGcWorkflowInput {
  progress?: BlobGcProgress;
}

/**
 * One garbage collection of the blob store (the `herald-blob-gc` schedule starts one each
 * HERALD_BLOB_GC_EVERY): each page is one activity call and the cursor lives here, so a worker
 * lost mid-page costs a retry of that page only. The result is what it freed.
 */
export async function blobGcWorkflow(args: BlobGcWorkflowArgs): Promise<BlobGcSummary> {
  const { progress, ...input } = args;
  const limit = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const pagesPerRun = input.pagesPerRun ?? DEFAULT_PAGES_PER_RUN;
  const state: BlobGcProgress = progress ?? { phase: 'mark', after: null, summary: { marked: 0, freedBlobs: 0, freedBytes: 0, strays: 0, stagedDropped: 0 } };

  for (let pages = 0; ; pages += 1) {
    if (pages >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof blobGcWorkflow>({ ...input, progress: state });
    }
    setCurrentDetails(describe(state));
    const { phase, summary } = state;
    if (phase === 'staged') {
      summary.stagedDropped += await gc.dropStagedUploads({ graceMs: input.graceMs });
      return summary;
    }
    const page = await PAGE[phase]({ after: state.after, limit, graceMs: input.graceMs });
    if (phase === 'mark') summary.marked += page.count;
    if (phase === 'free') {
      summary.freedBlobs += page.count;
      summary.freedBytes += page.bytes ?? 0;
    }
    if (phase === 'strays') summary.strays += page.count;
    state.after = page.next;
    if (page.next === null) state.phase = AFTER[phase];
  }
}

/** The run's "current details" in the Temporal UI: where it is, and its totals so far. */
function describe({ phase, after, summary }: BlobGcProgress): string {
  const where = after === null ? '' : ` (after ${after.slice(0, 12)}…)`;
  return `${LABEL[phase]}${where}. So far: ${summary.marked} marked, ${summary.freedBlobs} freed (${summary.freedBytes} bytes), ${summary.strays} strays, ${summary.stagedDropped} staged uploads dropped.`;
}
