import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { redactor } from '@herald/channels';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { DISABLE_AFTER_FAILURES } from './activities/endpoint-health';
import type { HealthAnnouncer, HealthNotice } from './activities/workflow-signals';
import { HEALTH_ANNOUNCER } from './worker.tokens';

const WHAT: Record<HealthNotice['change'], string> = {
  paused: 'paused',
  disabled: 'disabled',
  recovered: 'delivering again',
};

/** The text of an announcement: what happened, until when, and how an admin resumes it. */
export function healthMail(notice: HealthNotice, publicUrl: string): { subject: string; text: string } {
  const subject = `Herald: webhook ${notice.webhookId} (${notice.repository}) is ${WHAT[notice.change]}`;
  const lines =
    notice.change === 'recovered'
      ? [`A delivery to webhook ${notice.webhookId} of ${notice.repository} succeeded: its pause has ended and deliveries go out again.`]
      : [
          `Webhook ${notice.webhookId} of ${notice.repository} failed ${notice.consecutiveFailures} deliveries in a row, so Herald has ${notice.change} it.`,
          notice.change === 'paused' && notice.pausedUntil
            ? `It gets no new deliveries until ${notice.pausedUntil.toISOString()}; each further failure in a row doubles the pause, and ${DISABLE_AFTER_FAILURES} in a row disable it.`
            : 'It gets no deliveries until an admin re-enables it.',
          'Events in the meantime are recorded as failed deliveries. Once the endpoint works again:',
          `  PATCH ${publicUrl}/api/v1/webhooks/${notice.webhookId} {"active": true}`,
          `  POST ${publicUrl}/api/v1/webhooks/${notice.webhookId}/recover {"since": "<when it began>"}`,
          `or open ${publicUrl}/portal/webhooks/${notice.webhookId}`,
        ];
  return { subject, text: `${lines.join('\n')}\n` };
}

/**
 * Announces endpoint-health changes by mail through SMTP_URL, to the address of an email
 * webhook: the contract names no admin address, and that is the one mailbox Herald knows wants
 * this webhook's news. Its own small transport, so the delivery pool's limits stay for deliveries.
 */
export class MailHealthAnnouncer implements HealthAnnouncer, OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly redact: (text: string) => string;

  constructor(private readonly config: HeraldConfig & { mail: { smtpUrl: string } }) {
    const timeout = config.delivery.attemptTimeoutMs;
    const password = new URL(config.mail.smtpUrl).password;
    this.redact = redactor([config.mail.smtpUrl, password, password && decodeURIComponent(password)]);
    this.transport = nodemailer.createTransport({ url: config.mail.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout, disableFileAccess: true, disableUrlAccess: true, logger: false });
  }

  async announce(notice: HealthNotice): Promise<void> {
    const { subject, text } = healthMail(notice, this.config.publicUrl);
    try {
      await this.transport.sendMail({ from: this.config.mail.from, to: notice.to, subject, text });
    } catch (error) {
      // The caller logs this: no SMTP password in it.
      throw new Error(`the health announcement was not sent: ${this.redact(error instanceof Error ? error.message : String(error))}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

export const healthAnnouncerProvider: Provider = {
  provide: HEALTH_ANNOUNCER,
  inject: [HERALD_CONFIG],
  useFactory: (config: HeraldConfig): HealthAnnouncer | null => {
    const smtpUrl = config.mail.smtpUrl;
    return smtpUrl ? new MailHealthAnnouncer({ ...config, mail: { ...config.mail, smtpUrl } }) : null;
  },
};
