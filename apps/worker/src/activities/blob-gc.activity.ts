import type { BlobGcActivities } from '@herald/contracts';
import type { ActivityPorts } from './activity-deps';

/**
 * A staged upload is an upload still receiving its body, or one a crash left behind; nothing
 * tells them apart but age. Whatever the grace period (0 in tests), one younger than a day is
 * left alone: a body of a few GiB over a slow link stays staged for hours, and dropping it would
 * fail that upload.
 */
export const STAGED_UPLOAD_LIFETIME_MS = 86_400_000;

/**
 * The pages of blob garbage collection (workflows/blob-gc.workflow.ts). The rules of what may be
 * freed, and the lock that keeps an upload of the same content safe, are blob-records.ts's; here
 * the clock and the store are brought to them. Each call is one page, safe to retry.
 */
export function blobGcActivities(ports: Pick<ActivityPorts, 'blobRecords' | 'store' | 'now'>): BlobGcActivities {
  const now = ports.now ?? (() => new Date());
  const { blobRecords, store } = ports;
  const before = (graceMs: number) => new Date(now().getTime() - graceMs);
  const deleteBytes = (sha256s: string[]) => store.delete(sha256s);

  return {
    markOrphanedBlobs: ({ after, limit }) => blobRecords.markOrphaned(after, limit, now()),

    freeOrphanedBlobs: ({ after, limit, graceMs }) => blobRecords.freeOrphaned(after, limit, before(graceMs), deleteBytes),

    /** Bytes no row names, and written longer than the grace period ago (an upload of them would have claimed a row first). */
    async freeStrayBlobs({ after, limit, graceMs }) {
      const listed = await store.list(after, limit);
      if (listed.length === 0) return { next: null, count: 0 };
      const known = await blobRecords.known(listed.map((blob) => blob.sha256));
      const cutoff = before(graceMs);
      const strays = listed.filter((blob) => !known.has(blob.sha256) && blob.modifiedAt < cutoff);
      const count = await blobRecords.freeStray(strays, deleteBytes);
      return { next: listed.length < limit ? null : listed[listed.length - 1].sha256, count };
    },

    dropStagedUploads: ({ graceMs }) => store.dropStagedBefore(before(Math.max(graceMs, STAGED_UPLOAD_LIFETIME_MS))),
  };
}
