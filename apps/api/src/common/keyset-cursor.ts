import type { Delivery } from '@herald/persistence';
import { InvalidCursorError } from './delivery-errors';

export interface DeliveryPosition {
  createdAt: Date;
  id: string;
}

/** An opaque keyset cursor: the (createdAt, id) of the last delivery of a page. */
export function encodeCursor(delivery: Pick<Delivery, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([delivery.createdAt.getTime(), delivery.id])).toString('base64url');
}

export function decodeCursor(cursor: string): DeliveryPosition {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof time === 'number' && Number.isFinite(time) && typeof id === 'string' && id.length <= 40) return { createdAt: new Date(time), id };
  } catch {
    // fall through: any unreadable cursor is the same client error
  }
  throw new InvalidCursorError();
}
