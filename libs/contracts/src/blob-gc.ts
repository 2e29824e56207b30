/** What the blob garbage collection workflow takes: the schedule passes HERALD_BLOB_GC_GRACE. */
export interface BlobGcWorkflowInput {
  /** A blob no file has pointed at for this long is freed; 0 frees every orphan at once (tests). */
  graceMs: number;
  /** Blobs per activity call; default 500. */
  pageSize?: number;
  /** Activity calls per run before it continues as new, keeping each history small; default 200. */
  pagesPerRun?: number;
}

/** What one collection freed: the workflow's result, shown in the Temporal UI. */
export interface BlobGcSummary {
  /** Blobs found with no file pointing at them, their grace period starting now. */
  marked: number;
  /** Blobs orphaned for longer than the grace period: rows and bytes deleted. */
  freedBlobs: number;
  freedBytes: number;
  /** Bytes in the store that no blob row named, older than the grace period. */
  strays: number;
  /** Staged uploads left behind by crashes. */
  stagedDropped: number;
}

/** One page of a phase, in digest order after `after` (null: from the start). */
export interface BlobGcPageInput {
  after: string | null;
  limit: number;
  graceMs: number;
}

export interface BlobGcPageResult {
  /** Where the next page starts; null when this page was the phase's last. */
  next: string | null;
  count: number;
  /** Bytes freed (freeOrphanedBlobs only). */
  bytes?: number;
}

export interface BlobGcActivities {
  markOrphanedBlobs(input: BlobGcPageInput): Promise<BlobGcPageResult>;
  freeOrphanedBlobs(input: BlobGcPageInput): Promise<BlobGcPageResult>;
  freeStrayBlobs(input: BlobGcPageInput): Promise<BlobGcPageResult>;
  /** Returns how many staged uploads it dropped. */
  dropStagedUploads(input: { graceMs: number }): Promise<number>;
}
