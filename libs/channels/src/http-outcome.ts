import { AxiosError } from 'axios';
import { BlockedAddressError } from '@herald/networking';
import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';

const RETRYABLE_STATUSES = new Set([408, 429]);

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  // An HTTP date names its weekday and month; Date.parse alone would take "-5" for a year.
  if (!/[a-z]/i.test(header)) return null;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** The contract's rule for an HTTP answer that is not 2xx: which error, retried or not. */
export function httpStatusError(host: string, status: number, retryAfter: unknown, responseBody: string): RetryableDeliveryError | PermanentDeliveryError {
  const info = { statusCode: status, responseBody };
  if (status >= 300 && status < 400) return new PermanentDeliveryError(`${host} answered ${status}: redirects are not followed`, info);
  if (RETRYABLE_STATUSES.has(status) || status >= 500) {
    return new RetryableDeliveryError(`${host} answered ${status}`, retryAfterMs(retryAfter), info);
  }
  return new PermanentDeliveryError(`${host} answered ${status}`, info);
}

/** A request that got no answer: blocked addresses are permanent, everything else retried. */
export function transportError(host: string, error: unknown): RetryableDeliveryError | PermanentDeliveryError {
  const cause = error instanceof AxiosError && error.cause ? error.cause : error;
  if (cause instanceof BlockedAddressError || (cause as NodeJS.ErrnoException)?.code === 'EHERALDBLOCKED' || error instanceof BlockedAddressError) {
    return new PermanentDeliveryError(`${host} resolves to an address Herald does not deliver to`);
  }
  const code = (error as AxiosError)?.code ?? (cause as NodeJS.ErrnoException)?.code ?? 'ERROR';
  const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : `failed (${code})`;
  return new RetryableDeliveryError(`request to ${host} ${reason}`);
}
