import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { blake2b } from 'hash-wasm';
import { receiveBody } from './metered-body';

const MiB = 1024 * 1024;

/** A sink that keeps nothing: only the meter's answer matters here. */
function sink(): PassThrough {
  const out = new PassThrough();
  out.resume();
  return out;
}

describe('receiveBody', () => {
  it.each([
    ['a small body', 1000],
    ['a body hashed on the digest thread', 3 * MiB + 5],
  ])('computes BLAKE2b-256 beside the others for %s when asked', async (_, size) => {
    const bytes = randomBytes(size);
    const stored = await receiveBody(Readable.from([bytes]), sink(), { maxBytes: 10 * MiB, blake2b256: true });
    expect(stored).toMatchObject({ size, sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') });
    expect(stored.blake2b256).toBe(await blake2b(bytes, 256));
  });

  it('computes no BLAKE2b-256 unless asked', async () => {
    for (const size of [1000, 3 * MiB + 5]) {
      const stored = await receiveBody(Readable.from([randomBytes(size)]), sink(), { maxBytes: 10 * MiB });
      expect(Object.keys(stored).sort()).toEqual(['md5', 'sha1', 'sha256', 'size']);
    }
  });
});
