import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, raw } from '@mikro-orm/core';
import { StoredFile } from '@herald/persistence';

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
export class DownloadCounter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DownloadCounter');
  private tallies = new Map<string, DownloadTally>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failing = false;

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), DOWNLOAD_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  count(fileId: string, at: Date): void {
    const tally = this.tallies.get(fileId);
    if (tally) {
      tally.count += 1;
      tally.lastAt = at;
    } else this.tallies.set(fileId, { count: 1, lastAt: at });
  }

  /** Downloads of a file counted here and not written yet, for answers that add them to the stored count. */
  unwritten(fileId: string): DownloadTally | undefined {
    return this.tallies.get(fileId);
  }

  /** Writes the tallies; one flush at a time, a call during one waits for it and then flushes again. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.tallies.size === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(): Promise<void> {
    const tallies = this.tallies;
    this.tallies = new Map();
    try {
      await this.orm.em.fork().transactional(async (tx) => {
        for (const [id, { count, lastAt }] of tallies) {
          await tx.nativeUpdate(StoredFile, { id }, { downloadCount: raw('download_count + ?', [count]), lastDownloadedAt: lastAt });
        }
      });
      if (this.failing) this.logger.log('download counts are written again');
      this.failing = false;
    } catch (error) {
      for (const [id, tally] of tallies) {
        const newer = this.tallies.get(id);
        this.tallies.set(id, newer ? { count: newer.count + tally.count, lastAt: newer.lastAt } : tally);
      }
      if (!this.failing) this.logger.warn(`download counts wait in memory: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    }
  }
}
