import { createHash } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The id of an event Herald composes (a digest, a published version), derived from what makes it
 * unique, so a retried activity finds the row it wrote instead of writing another. Shaped like
 * `newId` (48-bit millisecond time, then 80 bits, Crockford base32) so it sorts among the others.
 */
export function composedEventId(prefix: string, at: Date, key: string): string {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const digest = createHash('sha256').update(key).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[digest[i] % 32];
  return `${prefix}_${head}${tail}`;
}
