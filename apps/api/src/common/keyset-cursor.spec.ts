import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './delivery-cursor';

describe('delivery cursor', () => {
  it('round-trips the position of a delivery', () => {
    const createdAt = new Date('2026-11-28T22:00:00.123Z');
    expect(decodeCursor(encodeCursor({ createdAt, id: 'dlv_01abc' }))).toEqual({ createdAt, id: 'dlv_01abc' });
  });

  it.each(['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x","dlv"]').toString('base64url')])('refuses %p with a 400', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestException);
  });
});
