import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RANDOM_BYTES_PER_ID = 16;
/** Random bytes are drawn 256 ids at a time: one call into OpenSSL per id was 2 % of a subscribed download's CPU. */
const POOL_BYTES = 256 * RANDOM_BYTES_PER_ID;
let pool = Buffer.alloc(0);
let taken = 0;

function randomForId(): Buffer {
  if (taken + RANDOM_BYTES_PER_ID > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  taken += RANDOM_BYTES_PER_ID;
  return pool.subarray(taken - RANDOM_BYTES_PER_ID, taken);
}

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
  const bytes = randomForId();
  let tail = '';
  for (let i = 0; i < RANDOM_BYTES_PER_ID; i++) tail += ALPHABET[bytes[i] % 32];
  return `${prefix}_${head}${tail}`;
}
