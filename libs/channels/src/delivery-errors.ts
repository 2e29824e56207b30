import { PERMANENT_DELIVERY_ERROR, RETRYABLE_DELIVERY_ERROR } from '@herald/contracts';

export interface DeliveryErrorInfo {
  statusCode?: number | null;
  responseBody?: string | null;
}

/**
 * A failure worth another attempt (network error, timeout, 408, 429, 5xx, SMTP 4xx).
 * Messages never hold a secret: they name the host or the SMTP reply, not the URL.
 */
export class RetryableDeliveryError extends Error {
  override readonly name = RETRYABLE_DELIVERY_ERROR;
  readonly statusCode: number | null;
  readonly responseBody: string | null;

  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    info: DeliveryErrorInfo = {},
  ) {
    super(message);
    this.statusCode = info.statusCode ?? null;
    this.responseBody = info.responseBody ?? null;
  }
}

/** A failure that another attempt will not fix (410, other 4xx, 3xx, SMTP 5xx, a refused address). */
export class PermanentDeliveryError extends Error {
  override readonly name = PERMANENT_DELIVERY_ERROR;
  readonly statusCode: number | null;
  readonly responseBody: string | null;

  constructor(message: string, info: DeliveryErrorInfo = {}) {
    super(message);
    this.statusCode = info.statusCode ?? null;
    this.responseBody = info.responseBody ?? null;
  }
}

export type DeliveryError = RetryableDeliveryError | PermanentDeliveryError;
