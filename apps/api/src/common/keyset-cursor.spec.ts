import { InvalidInputError } from './domain-errors';
import { decodeCursor, encodeCursor, keysetPage } from './keyset-cursor';

describe('keyset cursor', () => {
  it('round-trips the position of a row', () => {
    const createdAt = new Date('2026-11-28T22:00:00.123Z');
    expect(decodeCursor(encodeCursor({ createdAt, id: 'dlv_01abc' }))).toEqual({ createdAt, id: 'dlv_01abc' });
  });

  it.each(['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["x","dlv"]').toString('base64url')])('refuses %p with a 400', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidInputError);
  });

  it('points the next page at the last row kept, and only when a row was left over', () => {
    const rows = [3, 2, 1].map((n) => ({ createdAt: new Date(n * 1000), id: `aud_${n}` }));
    const page = keysetPage(rows, 2);
    expect(page.items.map((row) => row.id)).toEqual(['aud_3', 'aud_2']);
    expect(decodeCursor(page.nextCursor as string)).toEqual({ createdAt: new Date(2000), id: 'aud_2' });
    expect(keysetPage(rows, 3).nextCursor).toBeNull();
  });
});
