import { InvalidInputError } from './domain-errors';

/** Where a row stands in a newest-first list: its time, then its (time-ordered) id. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** The order every keyset page is read in; ids break ties within one millisecond. */
export const NEWEST_FIRST = { createdAt: 'desc', id: 'desc' } as const;

export class InvalidCursorError extends InvalidInputError {
  constructor() {
    super(['cursor must be a nextCursor value from an earlier page']);
  }
}

/** An opaque keyset cursor: the (createdAt, id) of the last row of a page. */
export function encodeCursor(row: KeysetPosition): string {
  return Buffer.from(JSON.stringify([row.createdAt.getTime(), row.id])).toString('base64url');
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof time === 'number' && Number.isFinite(time) && typeof id === 'string' && id.length <= 40) return { createdAt: new Date(time), id };
  } catch {
    // fall through: any unreadable cursor is the same client error
  }
  throw new InvalidCursorError();
}

/** The filter for the rows after a cursor's in NEWEST_FIRST order. */
export function olderThan(cursor: string): { $or: Array<Record<string, unknown>> } {
  const after = decodeCursor(cursor);
  return { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] };
}

/** A page of `limit` rows out of `limit + 1` read: the extra one tells whether another page follows. */
export function keysetPage<T extends KeysetPosition>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null };
}
