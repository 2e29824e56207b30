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

let lastTime = 0;
let lastHead = '';
const lastTail: number[] = [];

/** The tail after `lastTail`: one more in its last digit, carrying. */
function nextTail(): void {
  for (let i = RANDOM_BYTES_PER_ID - 1; i >= 0; i--) {
    lastTail[i] = (lastTail[i] + 1) % 32;
    if (lastTail[i] !== 0) return;
  }
}

/**
 * `evt_01jd…`: a prefix naming the kind, then a time-ordered, URL-safe id (48-bit millisecond
 * time + 80 random bits, Crockford base32), so ids sort by creation and carry no secret.
 *
 * Monotonic within a process: an id made in the same millisecond as the one before (or after the
 * clock stepped back) keeps that one's time and counts its random part up by one, so ids made one
 * after the other in a process sort in that order.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastTime) {
    lastTime = now;
    let time = now;
    lastHead = '';
    for (let i = 0; i < 10; i++) {
      lastHead = ALPHABET[time % 32] + lastHead;
      time = Math.floor(time / 32);
    }
    const bytes = randomForId();
    for (let i = 0; i < RANDOM_BYTES_PER_ID; i++) lastTail[i] = bytes[i] % 32;
  } else {
    nextTail();
  }
  let tail = '';
  for (let i = 0; i < RANDOM_BYTES_PER_ID; i++) tail += ALPHABET[lastTail[i]];
  return `${prefix}_${lastHead}${tail}`;
}
