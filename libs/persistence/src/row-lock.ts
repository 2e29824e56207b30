import { LockMode } from '@mikro-orm/core';
import type { DatabaseConfig } from '@herald/config';

/**
 * The find option that locks the rows read until the transaction ends (`FOR UPDATE`), so that of
 * two read-modify-write transactions on one row the second reads what the first wrote. SQLite has
 * one writer at a time already, and no `FOR UPDATE`.
 */
export function forUpdate(database: DatabaseConfig): { lockMode?: LockMode.PESSIMISTIC_WRITE } {
  return database.dialect === 'postgresql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
}
