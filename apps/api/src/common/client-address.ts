import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** The proxies whose `X-Forwarded-For` Herald believes: one on the same machine (Express's `trust proxy`, app.ts). */
export const TRUSTED_PROXIES = 'loopback';

const trusted = proxyaddr.compile(TRUSTED_PROXIES);

/** The client's address as Express's `request.ip` gives it, also for handlers that run ahead of Express. */
export function clientAddress(request: IncomingMessage): string {
  return proxyaddr(request, trusted);
}
