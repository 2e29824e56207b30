import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { PendingChange } from '@herald/storage';

export interface TransactionStep<T> {
  result: T;
  /** The disk change made last inside the transaction, or null when there was none. */
  change: PendingChange | null;
}

/**
 * Runs `work` in one transaction whose last step changes the disk (puts new bytes in place,
 * takes a file away). Should the commit itself then fail (the database's disk is full, its
 * session was killed), the disk change is undone, so the bytes still match the metadata and no
 * event: a refused request changes nothing. Call it under the file's lock.
 */
export async function transactionWithDiskChange<T>(orm: MikroORM, work: (tx: EntityManager) => Promise<TransactionStep<T>>): Promise<T> {
  // A holder, not a variable: the change is set inside the transaction's callback.
  const made: { change: PendingChange | null } = { change: null };
  try {
    const result = await orm.em.fork().transactional(async (tx) => {
      const step = await work(tx);
      made.change = step.change;
      return step.result;
    });
    await made.change?.keep();
    return result;
  } catch (error) {
    // The request's own error is what the client must hear; a failed undo cannot be helped here.
    await made.change?.undo().catch(() => undefined);
    throw error;
  }
}
