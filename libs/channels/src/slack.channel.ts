import type { AxiosInstance } from 'axios';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { PermanentDeliveryError } from './delivery-errors';
import { httpStatusError } from './http-outcome';
import { summarize } from './notification-text';
import { postWithinDeadline } from './post-within-deadline';
import { redactor } from './redact';
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
    const posted = await postWithinDeadline(this.http, {
      url: target.url,
      body,
      timeoutMs: this.timeoutMs,
      label,
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Herald-Webhooks/1.0' },
    });
    // Slack's bodies are error strings, but a proxy in between could echo the request line.
    const answer = redactor([target.url, url.pathname.length > 1 && url.pathname, ...target.url.slice(this.urlPrefix.length).split('/').filter((part) => part.length >= 6)])(posted.excerpt).trim();
    if (posted.status >= 200 && posted.status < 300) return { statusCode: posted.status, responseBody: answer };
    const error = httpStatusError(label, posted.status, posted.headers['retry-after'], answer);
    if (SLACK_ERROR.test(answer)) error.message = `${error.message} ${answer}`;
    throw error;
  }
}
