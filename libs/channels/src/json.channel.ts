import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { RESPONSE_EXCERPT_BYTES } from './channel';
import { RetryableDeliveryError } from './delivery-errors';
import { httpStatusError, transportError } from './http-outcome';
import { RESPONSE_READ_LIMIT_BYTES, readExcerpt } from './safe-http';
import { signatureHeader } from './standard-webhooks';

type JsonTarget = Extract<ResolvedTarget, { type: 'json' }>;

export interface JsonChannelOptions {
  /** Connect to last byte, per attempt (HERALD_ATTEMPT_TIMEOUT); defaults to the client's timeout. */
  timeoutMs?: number;
  now?: () => number;
}

const FALLBACK_TIMEOUT_MS = 15_000;

/**
 * POSTs the payload as JSON, signed the Standard Webhooks way, through the SSRF-safe client.
 * One deadline bounds the whole attempt, body included: axios' own timeout only watches an
 * idle socket, so a receiver trickling bytes would otherwise hold the attempt forever.
 */
export class JsonChannel implements Channel<JsonTarget> {
  readonly type = 'json' as const;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly http: AxiosInstance,
    options: JsonChannelOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? http.defaults.timeout ?? FALLBACK_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  async deliver(target: JsonTarget, notification: OutgoingNotification): Promise<ChannelResult> {
    // Only the host appears in messages: a URL's path or query may carry a token.
    const host = new URL(target.url).host;
    const body = JSON.stringify(notification.payload);
    const timestamp = Math.floor(this.now() / 1000);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      let response: AxiosResponse<NodeJS.ReadableStream & { destroy(): void }>;
      try {
        response = await this.http.post(target.url, body, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Herald-Webhooks/1.0',
            'webhook-id': notification.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signatureHeader(target.signingSecrets, notification.id, timestamp, body),
          },
          transformRequest: [(data: string) => data],
          signal: deadline.signal,
        });
      } catch (error) {
        if (deadline.signal.aborted) throw new RetryableDeliveryError(`request to ${host} timed out after ${this.timeoutMs} ms`);
        throw transportError(host, error);
      }
      // The status decides the outcome; the body is only read for the record, within the deadline.
      const excerpt = await readExcerpt(response.data, { keepBytes: RESPONSE_EXCERPT_BYTES, maxBytes: RESPONSE_READ_LIMIT_BYTES, signal: deadline.signal });
      if (response.status >= 200 && response.status < 300) return { statusCode: response.status, responseBody: excerpt };
      throw httpStatusError(host, response.status, response.headers['retry-after'], excerpt);
    } finally {
      clearTimeout(timer);
    }
  }
}
