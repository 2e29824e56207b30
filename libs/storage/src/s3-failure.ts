import { S3ServiceException } from '@aws-sdk/client-s3';
import { StorageUnavailableError } from './storage-errors';

/** Connection-level failures: the store is down, unreachable, or too slow to answer. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Answers that mean "not now" or "not for you": the store is misconfigured or overloaded, not the request wrong. */
const REFUSALS = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'NoSuchBucket',
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeTooSkewed',
]);

/**
 * What the S3 client threw, as the store's own errors: StorageUnavailableError when the store
 * cannot serve us, anything else unchanged. The reason is built from the error's name, code and
 * status only, never from its message or response, so no credential or signature reaches a log.
 */
export function storageFailure(location: string, error: unknown): unknown {
  if (error instanceof StorageUnavailableError || typeof error !== 'object' || error === null) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    if (status >= 500 || status === 429 || status === 403 || REFUSALS.has(error.name)) {
      return new StorageUnavailableError(location, `HTTP ${status || 'error'} ${error.name}`);
    }
    return error;
  }
  const { name, code, errors, $metadata } = error as { name?: string; code?: string; errors?: Array<{ code?: string }>; $metadata?: { httpStatusCode?: number } };
  // A name with several addresses (localhost: ::1 and 127.0.0.1) fails with each one's error at once.
  const cause = code ?? errors?.[0]?.code;
  if (cause && NETWORK_CODES.has(cause)) return new StorageUnavailableError(location, `cannot connect (${cause})`);
  if (name === 'TimeoutError') return new StorageUnavailableError(location, 'timed out');
  if (name === 'CredentialsProviderError') return new StorageUnavailableError(location, 'no credentials found');
  // Sent, retried, and never answered. (The SDK hides the socket's error this way when it comes
  // from another realm, as under jest.)
  if ($metadata && $metadata.httpStatusCode === undefined) return new StorageUnavailableError(location, 'no answer');
  return error;
}

/** The object (or bucket) is not there: HeadObject answers a bare 404, GetObject NoSuchKey. */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
}
