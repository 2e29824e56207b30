import type { AxiosInstance } from 'axios';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { RESPONSE_EXCERPT_BYTES } from './channel';
import { httpStatusError, transportError } from './http-outcome';
import { readExcerpt } from './safe-http';
import { signatureHeader } from './standard-webhooks';

type JsonTarget = Extract<ResolvedTarget, { type: 'json' }>;

/** POSTs the payload as JSON, signed the Standard Webhooks way. */
export class JsonChannel implements Channel<JsonTarget> {
  readonly type = 'json' as const;

  constructor(
    private readonly http: AxiosInstance,
    private readonly now: () => number = Date.now,
  ) {}

  async deliver(target: JsonTarget, notification: OutgoingNotification): Promise<ChannelResult> {
    const host = new URL(target.url).host;
    const body = JSON.stringify(notification.payload);
    const timestamp = Math.floor(this.now() / 1000);
    let response;
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
      });
    } catch (error) {
      throw transportError(host, error);
    }
    let excerpt: string;
    try {
      excerpt = await readExcerpt(response.data, RESPONSE_EXCERPT_BYTES);
    } catch {
      excerpt = '';
    }
    if (response.status >= 200 && response.status < 300) return { statusCode: response.status, responseBody: excerpt };
    throw httpStatusError(host, response.status, response.headers['retry-after'], excerpt);
  }
}
