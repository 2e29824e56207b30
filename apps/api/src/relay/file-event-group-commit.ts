import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { FileEvent } from '@herald/persistence';

/** Events in one INSERT at most. */
const BATCH_LIMIT = 256;
/**
 * INSERTs under way at once: while one waits for its commit (PostgreSQL's WAL flush, which it
 * shares among concurrent commits), the next batch is written instead of waiting behind it.
 */
const IN_FLIGHT = 2;

interface Waiting {
  event: FileEvent;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for events that need no transaction of their own (downloads): each `write`
 * settles once its event is committed. A batch is written after the event loop has taken in
 * every request that arrived with the first (setImmediate runs after the poll phase), and the
 * events that arrive while INSERTs run go together in the next one. Under load one statement
 * carries many events; a lone event waits for nothing but its own INSERT. A failed INSERT fails
 * every request of its batch, so none is answered as if its event had been recorded.
 */
@Injectable()
export class FileEventGroupCommit {
  private queue: Waiting[] = [];
  private writers = 0;

  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  write(event: FileEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (this.writers >= IN_FLIGHT) return;
      this.writers += 1;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH_LIMIT);
        try {
          // One statement: atomic and durable on its own, on SQLite and PostgreSQL alike.
          await this.orm.em.fork().insertMany(FileEvent, batch.map((waiting) => waiting.event));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
        // Let the requests that came in meanwhile join the next batch.
        if (this.queue.length > 0 && this.queue.length < BATCH_LIMIT) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.writers -= 1;
    }
  }
}
