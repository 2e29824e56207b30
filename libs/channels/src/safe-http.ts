import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { BlockedAddressError, guardedLookup, isPublicAddress, literalAddress } from './target-address';

export interface SafeHttpOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/**
 * The one HTTP client that talks to receivers: redirects never followed, every address
 * checked at connection time, a total time limit per request, bodies streamed so only an
 * excerpt is read.
 */
export function createSafeHttpClient(options: SafeHttpOptions): AxiosInstance {
  const lookup = guardedLookup(options.allowPrivate);
  const agentOptions = { keepAlive: true, maxSockets: 64, lookup, timeout: options.timeoutMs } as http.AgentOptions;
  const client = axios.create({
    httpAgent: new http.Agent(agentOptions),
    httpsAgent: new https.Agent(agentOptions as https.AgentOptions),
    maxRedirects: 0,
    timeout: options.timeoutMs,
    responseType: 'stream',
    validateStatus: () => true,
    proxy: false,
    decompress: true,
  });
  // IP literals never reach `lookup`: check them before the request leaves.
  client.interceptors.request.use((config) => {
    if (!options.allowPrivate && config.url) {
      const host = new URL(config.url).hostname;
      const literal = literalAddress(host);
      if (literal && !isPublicAddress(literal)) throw new BlockedAddressError(host);
    }
    return config;
  });
  return client;
}

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
