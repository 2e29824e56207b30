import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { BatchedDigest, BLAKE2B_256 } from './batched-digest';

const MiB = 1024 * 1024;

/** Feeds chunks the way the upload meter does: waiting whenever update asks to. */
async function digestOf(algorithm: string, chunks: Buffer[]): Promise<{ hex: string; waits: number }> {
  const digest = new BatchedDigest([algorithm]);
  let waits = 0;
  for (const chunk of chunks) {
    const caughtUp = digest.update(chunk);
    if (caughtUp) {
      waits += 1;
      await caughtUp;
    }
  }
  return { hex: (await digest.digest())[algorithm], waits };
}

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

const expected = (algorithm: string, bytes: Buffer) => createHash(algorithm).update(bytes).digest('hex');

/** BLAKE2b-256 as twine computes it: Python's hashlib, not ours. */
const pythonBlake2b256 = (bytes: Buffer) =>
  execFileSync('/usr/bin/python3', ['-c', 'import hashlib, sys; print(hashlib.blake2b(sys.stdin.buffer.read(), digest_size=32).hexdigest())'], { input: bytes, maxBuffer: 1024 })
    .toString()
    .trim();

describe('BatchedDigest', () => {
  it('hashes a body smaller than a batch on the calling thread, never waiting', async () => {
    const bytes = randomBytes(300 * 1024);
    const { hex, waits } = await digestOf('md5', chunked(bytes, 64 * 1024));
    expect(hex).toBe(expected('md5', bytes));
    expect(waits).toBe(0);
  });

  it('hashes a multi-batch body on the digest thread to the same digest, with a final partial batch', async () => {
    const bytes = randomBytes(9 * MiB + 12_345);
    const { hex } = await digestOf('md5', chunked(bytes, 65_536));
    expect(hex).toBe(expected('md5', bytes));
  });

  it('sends a body of fewer batches than there are slots without waiting', async () => {
    const bytes = randomBytes(4 * MiB);
    const { hex, waits } = await digestOf('md5', chunked(bytes, MiB));
    expect(hex).toBe(expected('md5', bytes));
    expect(waits).toBe(0);
  });

  it('makes the caller wait for a slot once every one is on the thread', async () => {
    // Copying 1 MiB into a slot is far quicker than hashing it: 64 MiB outruns the 4 slots.
    const bytes = randomBytes(64 * MiB);
    const { hex, waits } = await digestOf('md5', chunked(bytes, MiB));
    expect(hex).toBe(expected('md5', bytes));
    expect(waits).toBeGreaterThan(0);
  }, 30_000); // Hashing 64 MiB twice takes a second on a quiet machine, several on a loaded one.

  it('splits a chunk bigger than a batch', async () => {
    const bytes = randomBytes(5 * MiB + 3);
    const { hex } = await digestOf('md5', [bytes.subarray(0, 10), bytes.subarray(10)]);
    expect(hex).toBe(expected('md5', bytes));
  });

  it('computes several algorithms over the same bytes, on either side of a batch', async () => {
    for (const bytes of [randomBytes(1000), randomBytes(3 * MiB + 1)]) {
      const digest = new BatchedDigest(['sha256', 'sha1', 'md5'] as const);
      for (const chunk of chunked(bytes, 64 * 1024)) await digest.update(chunk);
      expect(await digest.digest()).toEqual({ sha256: expected('sha256', bytes), sha1: expected('sha1', bytes), md5: expected('md5', bytes) });
    }
  });

  it('keeps concurrent bodies apart', async () => {
    const bodies = [randomBytes(3 * MiB), randomBytes(2 * MiB + 1), randomBytes(5 * MiB - 7)];
    const digests = await Promise.all(bodies.map((bytes) => digestOf('sha1', chunked(bytes, 100_000))));
    expect(digests.map((digest) => digest.hex)).toEqual(bodies.map((bytes) => expected('sha1', bytes)));
  });

  it('hashes an empty body', async () => {
    expect((await digestOf('md5', [])).hex).toBe(expected('md5', Buffer.alloc(0)));
  });

  it('forgets a discarded body and goes on serving the next one', async () => {
    const abandoned = new BatchedDigest(['md5']);
    for (const chunk of chunked(randomBytes(3 * MiB), MiB)) await abandoned.update(chunk);
    abandoned.discard();
    const bytes = randomBytes(2 * MiB);
    expect((await digestOf('md5', chunked(bytes, MiB))).hex).toBe(expected('md5', bytes));
  });

  it('fails the bodies on a thread that died, and starts a new thread for the next one', async () => {
    // An unknown algorithm throws inside the thread, which ends it.
    await expect(digestOf('no-such-algorithm', chunked(randomBytes(3 * MiB), MiB))).rejects.toThrow(/digest|algorithm/i);
    const bytes = randomBytes(2 * MiB);
    expect((await digestOf('md5', chunked(bytes, MiB))).hex).toBe(expected('md5', bytes));
  });

  describe('BLAKE2b-256', () => {
    it('hashes an empty body and "abc" to the known vectors', async () => {
      expect((await digestOf(BLAKE2B_256, [])).hex).toBe('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
      expect((await digestOf(BLAKE2B_256, [Buffer.from('abc')])).hex).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
    });

    it('agrees with Python on a body smaller than a batch and on one of many batches', async () => {
      for (const bytes of [randomBytes(200_000), randomBytes(6 * MiB + 777)]) {
        expect((await digestOf(BLAKE2B_256, chunked(bytes, 65_536))).hex).toBe(pythonBlake2b256(bytes));
      }
    });

    it('goes beside the other algorithms and keeps concurrent bodies in order, batch after batch', async () => {
      const bodies = [randomBytes(5 * MiB + 1), randomBytes(3 * MiB - 9), randomBytes(7 * MiB)];
      const results = await Promise.all(
        bodies.map(async (bytes) => {
          const digest = new BatchedDigest(['sha256', BLAKE2B_256] as const);
          for (const chunk of chunked(bytes, 300_000)) await digest.update(chunk);
          return digest.digest();
        }),
      );
      expect(results).toEqual(bodies.map((bytes) => ({ sha256: expected('sha256', bytes), blake2b256: pythonBlake2b256(bytes) })));
    }, 30_000);
  });
});
