import type { BlobStore } from '@herald/storage';
import { blobGcActivities, STAGED_UPLOAD_LIFETIME_MS } from './blob-gc.activity';
import type { BlobRecordStore } from './blob-record-store';

const NOW = new Date('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

function setUp(listed: Array<{ sha256: string; size: number; modifiedAt: Date }>, known: string[]) {
  const blobRecords: jest.Mocked<BlobRecordStore> = {
    markOrphaned: jest.fn().mockResolvedValue({ next: null, count: 0 }),
    freeOrphaned: jest.fn().mockResolvedValue({ next: null, count: 0, bytes: 0 }),
    known: jest.fn().mockResolvedValue(new Set(known)),
    freeStray: jest.fn().mockImplementation(async (strays: unknown[]) => strays.length),
  };
  const store = { list: jest.fn().mockResolvedValue(listed), delete: jest.fn().mockResolvedValue(undefined), dropStagedBefore: jest.fn().mockResolvedValue(0) } as unknown as jest.Mocked<BlobStore>;
  return { blobRecords, store, gc: blobGcActivities({ blobRecords, store, now: () => NOW }) };
}

describe('blob garbage collection', () => {
  it('frees only stray bytes that no row names and that are older than the grace period', async () => {
    const old = new Date(NOW.getTime() - 2 * HOUR);
    const { blobRecords, gc } = setUp([
      { sha256: 'a', size: 1, modifiedAt: old },
      { sha256: 'b', size: 1, modifiedAt: old },
      { sha256: 'c', size: 1, modifiedAt: NOW },
    ], ['b']);
    expect(await gc.freeStrayBlobs({ after: null, limit: 3, graceMs: HOUR })).toEqual({ next: 'c', count: 1 });
    expect(blobRecords.freeStray).toHaveBeenCalledWith([{ sha256: 'a', size: 1, modifiedAt: old }], expect.any(Function));
  });

  it('marks orphans from the page it is given, at the time of the call', async () => {
    const { blobRecords, gc } = setUp([], []);
    await gc.markOrphanedBlobs({ after: 'x', limit: 10, graceMs: HOUR });
    expect(blobRecords.markOrphaned).toHaveBeenCalledWith('x', 10, NOW);
  });

  it('frees orphans marked before the grace period, deleting their bytes from the store', async () => {
    const { blobRecords, store, gc } = setUp([], []);
    await gc.freeOrphanedBlobs({ after: 'x', limit: 10, graceMs: HOUR });
    expect(blobRecords.freeOrphaned).toHaveBeenCalledWith('x', 10, new Date(NOW.getTime() - HOUR), expect.any(Function));
    await blobRecords.freeOrphaned.mock.calls[0][3](['x1']);
    expect(store.delete).toHaveBeenCalledWith(['x1']);
  });

  it('leaves a staged upload younger than a day, whatever the grace period', async () => {
    const { store, gc } = setUp([], []);
    await gc.dropStagedUploads({ graceMs: 0 });
    expect(store.dropStagedBefore).toHaveBeenCalledWith(new Date(NOW.getTime() - STAGED_UPLOAD_LIFETIME_MS));
  });
});
