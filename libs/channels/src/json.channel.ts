import type { AxiosInstance } from 'axios';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { httpStatusError } from './http-outcome';
import { postWithinDeadline } from './post-within-deadline';
import { signatureHeader } from './standard-webhooks';

type JsonTarget = Extract<ResolvedTarget, { type: 'json' }>;

export interface JsonChannelOptions {
  /** Connect to last byte, per attempt (HERALD_ATTEMPT_TIMEOUT); defaults to the client's timeout. */
  timeoutMs?: number;
  now?: () => number;
}

const FALLBACK_TIMEOUT_MS = 15_000;

/**
 * POSTs the payload as JSON, signed the Standard Webhooks way, through the SSRF-safe client,
 * one deadline bounding the whole attempt (postWithinDeadline).
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
    const answer = await postWithinDeadline(this.http, {
      url: target.url,
      body,
      timeoutMs: this.timeoutMs,
      label: host,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Herald-Webhooks/1.0',
        'webhook-id': notification.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(target.signingSecrets, notification.id, timestamp, body),
      },
    });
    if (answer.status >= 200 && answer.status < 300) return { statusCode: answer.status, responseBody: answer.excerpt };
    throw httpStatusError(host, answer.status, answer.headers['retry-after'], answer.excerpt);
  }
}
