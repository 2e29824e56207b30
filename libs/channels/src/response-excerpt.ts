/** The most of a receiver's answer Herald reads; only the first 1 KiB is stored. */
export const RESPONSE_READ_LIMIT_BYTES = 64 * 1024;

export interface ExcerptOptions {
  /** How much of the body to keep (the attempt record stores 1 KiB). */
  keepBytes: number;
  /** How much to read at most: a short body is read to its end so the connection can be reused. */
  maxBytes: number;
  /** Stops reading when aborted (the attempt's deadline), keeping what arrived so far. */
  signal?: AbortSignal;
}

/**
 * Reads a streamed response body up to `maxBytes`, keeps the first `keepBytes` as text, and
 * never waits past `signal`: a receiver that trickles its body or hangs after the headers
 * cannot hold an attempt open. Never rejects; NUL characters are dropped (PostgreSQL text
 * refuses them).
 */
export function readExcerpt(stream: NodeJS.ReadableStream & { destroy(): void }, options: ExcerptOptions): Promise<string> {
  return new Promise((resolve) => {
    const kept: Buffer[] = [];
    let keptLength = 0;
    let readLength = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      options.signal?.removeEventListener('abort', finish);
      stream.destroy();
      resolve(Buffer.concat(kept).subarray(0, options.keepBytes).toString('utf8').replace(/\0/g, ''));
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      readLength += bytes.length;
      if (keptLength < options.keepBytes) {
        kept.push(bytes);
        keptLength += bytes.length;
      }
      if (readLength >= options.maxBytes) finish();
    };
    if (options.signal?.aborted) return finish();
    options.signal?.addEventListener('abort', finish, { once: true });
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('error', finish);
    stream.once('close', finish);
  });
}
