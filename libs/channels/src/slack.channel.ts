import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { RESPONSE_EXCERPT_BYTES } from './channel';
import { PermanentDeliveryError, RetryableDeliveryError } from './delivery-errors';
import { httpStatusError, transportError } from './http-outcome';
import { summarize } from './notification-text';
import { redactor } from './redact';
import { RESPONSE_READ_LIMIT_BYTES, readExcerpt } from './safe-http';
import { slackMessage } from './slack-message';

type SlackTarget = Extract<ResolvedTarget, { type: 'slack' }>;

/** Slack's answers are short error strings (`channel_not_found`); anything else is not quoted. */
const SLACK_ERROR = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Posts `{text, blocks}` to a Slack incoming webhook through the SSRF-safe client. The URL is
 * a credential: errors and results name only "slack" and the host, never the path.
 */
export class SlackChannel implements Channel<SlackTarget> {
  readonly type = 'slack' as const;

  constructor(
    private readonly http: AxiosInstance,
    /** HERALD_SLACK_URL_PREFIX: checked again here, since a stored URL predates any change of it. */
    private readonly urlPrefix: string,
    /** Connect to last byte (HERALD_ATTEMPT_TIMEOUT). */
    private readonly timeoutMs: number,
  ) {}

  async deliver(target: SlackTarget, notification: OutgoingNotification): Promise<ChannelResult> {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      throw new PermanentDeliveryError('the Slack webhook URL is not a valid URL');
    }
    if (!target.url.startsWith(this.urlPrefix)) throw new PermanentDeliveryError('the Slack webhook URL does not start with HERALD_SLACK_URL_PREFIX');
    const label = `slack (${url.host})`;
    const body = JSON.stringify(slackMessage(summarize(notification.payload)));
    // Like the JSON channel: one deadline for the whole attempt, body included.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      let response: AxiosResponse<NodeJS.ReadableStream & { destroy(): void }>;
      try {
        response = await this.http.post(target.url, body, {
          headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Herald-Webhooks/1.0' },
          transformRequest: [(data: string) => data],
          signal: deadline.signal,
        });
      } catch (error) {
        if (deadline.signal.aborted) throw new RetryableDeliveryError(`request to ${label} timed out after ${this.timeoutMs} ms`);
        throw transportError(label, error);
      }
      const excerpt = await readExcerpt(response.data, { keepBytes: RESPONSE_EXCERPT_BYTES, maxBytes: RESPONSE_READ_LIMIT_BYTES, signal: deadline.signal });
      // Slack's bodies are error strings, but a proxy in between could echo the request line.
      const answer = redactor([target.url, url.pathname.length > 1 && url.pathname, ...target.url.slice(this.urlPrefix.length).split('/').filter((part) => part.length >= 6)])(excerpt).trim();
      if (response.status >= 200 && response.status < 300) return { statusCode: response.status, responseBody: answer };
      const error = httpStatusError(label, response.status, response.headers['retry-after'], answer);
      if (SLACK_ERROR.test(answer)) error.message = `${error.message} ${answer}`;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
