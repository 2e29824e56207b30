import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** The three digests of some bytes, as a store reports them. */
export function digestsOf(bytes: Buffer): { sha256: string; sha1: string; md5: string } {
  const hex = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
  return { sha256: hex('sha256'), sha1: hex('sha1'), md5: hex('md5') };
}

/**
 * A body of `size` random bytes made as it is read, never held whole: `sha256()` is its digest
 * once it has been read to the end. `failAfter` makes it fail with `failure` after that many bytes.
 */
export function generatedBody(size: number, options: { failAfter?: number; failure?: Error } = {}): Readable & { sha256(): string } {
  const hash = createHash('sha256');
  let sent = 0;
  const body = new Readable({
    highWaterMark: 256 * 1024,
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) return this.destroy(options.failure ?? new Error('the body failed'));
      if (sent >= size) return void this.push(null);
      const chunk = randomBytes(Math.min(256 * 1024, size - sent));
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  let digest: string | null = null;
  return Object.assign(body, { sha256: () => (digest ??= hash.digest('hex')) });
}

/** What a store's read answered, as one buffer. */
export async function bytesOf(read: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(read)) return read;
  const chunks: Buffer[] = [];
  for await (const chunk of read) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The SHA-256 of a stream read to its end, holding one chunk at a time. */
export async function sha256Of(read: Buffer | Readable): Promise<string> {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(read)) return hash.update(read).digest('hex');
  for await (const chunk of read) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
