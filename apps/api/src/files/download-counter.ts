import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, raw } from '@mikro-orm/core';
import { StoredFile } from '@herald/persistence';
import { WriteBehind } from '../common/write-behind';

/** How often counted downloads are written: a process that dies loses at most this much counting. */
export const DOWNLOAD_FLUSH_MS = 1_000;

export interface DownloadTally {
  count: number;
  lastAt: Date;
}

/**
 * Each file's download count and last download time, counted in memory and written in one
 * transaction every DOWNLOAD_FLUSH_MS (and at shutdown): a download costs no write of its own.
 * Increments are added in SQL, so API processes counting the same file never lose one another's.
 * A flush that fails keeps its tallies for the next.
 */
@Injectable()
export class DownloadCounter extends WriteBehind {
  private tallies = new Map<string, DownloadTally>();
  /** Flushes and `between` reads run one at a time, in turn. */
  private turn: Promise<void> = Promise.resolve();

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {
    super(new Logger('DownloadCounter'), DOWNLOAD_FLUSH_MS, 'download counts');
  }

  count(fileId: string, at: Date): void {
    const tally = this.tallies.get(fileId);
    if (tally) {
      tally.count += 1;
      tally.lastAt = at;
    } else this.tallies.set(fileId, { count: 1, lastAt: at });
  }

  /**
   * Runs a read of stored counts between flushes, handing it this process's counts not written
   * yet: a flush is never half-seen (its tallies gone from memory, its rows not committed), so
   * the stored count and the unwritten one add up exactly.
   */
  between<T>(read: (unwritten: (fileId: string) => DownloadTally | undefined) => Promise<T>): Promise<T> {
    return this.inTurn(() => read((fileId) => this.tallies.get(fileId)));
  }

  /** Writes the tallies; a call during a flush waits for it and then flushes again. */
  flush(): Promise<void> {
    return this.inTurn(() => this.write());
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async write(): Promise<void> {
    if (this.tallies.size === 0) return;
    const tallies = this.tallies;
    this.tallies = new Map();
    const ok = await this.written(() =>
      this.orm.em.fork().transactional(async (tx) => {
        for (const [id, { count, lastAt }] of tallies) {
          await tx.nativeUpdate(StoredFile, { id }, { downloadCount: raw('download_count + ?', [count]), lastDownloadedAt: lastAt });
        }
      }),
    );
    if (ok) return;
    for (const [id, tally] of tallies) {
      const newer = this.tallies.get(id);
      this.tallies.set(id, newer ? { count: newer.count + tally.count, lastAt: newer.lastAt } : tally);
    }
  }
}
