import type { EntityManager } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';
import { forUpdate, User } from '@herald/persistence';
import { ConflictError } from '../common/domain-errors';

/** Somebody must be left who can administer Herald: an enabled admin other than `user`. */
export class LastAdminError extends ConflictError {
  constructor(change: 'deleted' | 'demoted or disabled') {
    super(`the last enabled admin cannot be ${change}; make another user an admin first`);
  }
}

/**
 * Locks the enabled admins' rows (in id order, so two callers never wait on each other in a
 * circle) and throws unless one other than `username` stays. Of two transactions demoting the
 * last two admins, the second reads what the first wrote and is refused. Call it before reading
 * the user, inside the transaction that changes it.
 */
export async function assertAnotherAdminRemains(tx: EntityManager, database: DatabaseConfig, username: string, change: 'deleted' | 'demoted or disabled'): Promise<void> {
  const admins = await tx.find(User, { role: 'admin', disabled: false }, { ...forUpdate(database), orderBy: { id: 'asc' } });
  if (admins.some((admin) => admin.username === username) && !admins.some((admin) => admin.username !== username)) throw new LastAdminError(change);
}
