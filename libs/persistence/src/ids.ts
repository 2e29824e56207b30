import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * `evt_01jd…`: a prefix naming the kind, then a time-ordered, URL-safe id (48-bit millisecond
 * time + 80 random bits, Crockford base32), so ids sort by creation and carry no secret.
 */
export function newId(prefix: string): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[bytes[i] % 32];
  return `${prefix}_${head}${tail}`;
}
