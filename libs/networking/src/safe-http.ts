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
 * checked at connection time, a total time limit per request, bodies streamed so the caller
 * reads only as much as it keeps.
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
