import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Channel, ChannelResult, OutgoingNotification, ResolvedTarget } from './channel';
import { RetryableDeliveryError, PermanentDeliveryError } from './delivery-errors';
import { emailContent } from './email-message';
import { oneLine, summarize } from './notification-text';
import { redactor } from './redact';
import { smtpError } from './smtp-outcome';

type EmailTarget = Extract<ResolvedTarget, { type: 'email' }>;

export interface MailAddress {
  name: string;
  address: string;
}

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; null writes each mail as an .eml file instead. */
  smtpUrl: string | null;
  /** `Herald <herald@example.com>` (MAIL_FROM). */
  from: string;
  /** Where mails go without SMTP ($DATA_DIR/mail). */
  dropDir: string;
  /** Connection, greeting and socket timeout: one attempt's budget (HERALD_ATTEMPT_TIMEOUT). */
  timeoutMs: number;
  logger?: Pick<Logger, 'log' | 'warn'>;
  /** Extra TLS settings (a private CA); the system trust store otherwise. */
  tls?: ConnectionOptions;
}

// Deliberately narrow: one mailbox, no quoting, no comments, nothing that could smuggle a header.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

/** `Name <a@b>` or `a@b, c@d` into address objects; null when any part is not a plain mailbox. */
export function parseMailboxes(value: string): MailAddress[] | null {
  if (/[\r\n\0]/.test(value)) return null;
  const parsed = addressparser(value, { flatten: true });
  if (parsed.length === 0 || parsed.some((entry) => !ADDRESS.test(entry.address))) return null;
  return parsed.map((entry) => ({ name: oneLine(entry.name ?? ''), address: entry.address }));
}

/** `o***@example.com`: enough for an operator to tell targets apart, no full address in logs. */
export function maskAddress(value: string): string {
  const [local = '', domain = ''] = oneLine(value).split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The same on every attempt and redelivery, so a receiving system can spot a duplicate. */
export function messageIdFor(notification: Pick<OutgoingNotification, 'id' | 'webhookId'>): string {
  return `<${idPart(notification.id)}.${idPart(notification.webhookId)}@herald>`;
}

interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
}

function smtpServer(smtpUrl: string): SmtpServer {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
  };
}

/**
 * Sends one mail per event through a pooled SMTP transport or, without SMTP_URL, writes it as
 * an .eml file. Throws only RetryableDeliveryError / PermanentDeliveryError, whose messages
 * never hold the SMTP password.
 */
export class EmailChannel implements Channel<EmailTarget> {
  readonly type = 'email' as const;
  private readonly transport: Transporter;
  private readonly from: MailAddress;
  private readonly server: string | null;
  private readonly redact: (text: string) => string;
  private readonly logger: Pick<Logger, 'log' | 'warn'>;

  constructor(private readonly options: EmailChannelOptions) {
    const from = parseMailboxes(options.from);
    if (!from || from.length !== 1) throw new Error('MAIL_FROM must be one address such as "Herald <herald@example.com>"');
    this.from = from[0];
    this.logger = options.logger ?? new Logger('EmailChannel');
    if (options.smtpUrl) {
      const server = smtpServer(options.smtpUrl);
      this.server = `${server.host}:${server.port}`;
      this.redact = redactor([options.smtpUrl, server.auth?.pass, server.auth?.pass && encodeURIComponent(server.auth.pass)]);
      // STARTTLS is used whenever the server offers it (nodemailer's default for secure: false);
      // a failed upgrade is an error, never a silent fall-back to plain text.
      const transportOptions: SMTPPool.Options = {
        pool: true,
        ...server,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        disableFileAccess: true,
        disableUrlAccess: true,
        logger: false,
        tls: options.tls,
      };
      this.transport = nodemailer.createTransport(transportOptions);
    } else {
      this.server = null;
      this.redact = (text) => text;
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', disableFileAccess: true, disableUrlAccess: true });
    }
    // A pool reports connection trouble as an event too; unheard, it would end the process.
    this.transport.on('error', (error: Error) => this.logger.warn(smtpError(this.server ?? 'mail drop', error, this.redact).message));
  }

  async deliver(target: EmailTarget, notification: OutgoingNotification): Promise<ChannelResult> {
    const to = parseMailboxes(target.to);
    if (!to) throw new PermanentDeliveryError(`the target ${maskAddress(target.to)} is not a valid email address`);
    const summary = summarize(notification.payload);
    const content = emailContent(summary);
    const mail: Mail.Options = {
      from: this.from,
      to,
      envelope: { from: this.from.address, to: to.map((entry) => entry.address) },
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: messageIdFor(notification),
      headers: {
        // RFC 3834: vacation responders and ticket systems must not answer a notification.
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-Herald-Event-Type': summary.type,
        'X-Herald-Event-Id': idPart(notification.id),
        'X-Herald-Webhook-Id': idPart(notification.webhookId),
        'X-Herald-Repository': summary.repository,
      },
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    return this.server ? this.send(this.server, mail) : this.drop(mail, notification, to);
  }

  /** Closes the pooled SMTP connections (worker shutdown). */
  close(): void {
    this.transport.close();
  }

  private async send(server: string, mail: Mail.Options): Promise<ChannelResult> {
    let info: { response?: string; rejected?: unknown[] };
    try {
      info = await this.transport.sendMail(mail);
    } catch (error) {
      throw smtpError(server, error, this.redact);
    }
    const reply = this.redact(oneLine(info.response ?? ''));
    const code = Number(/^\d{3}/.exec(reply)?.[0]) || null;
    const rejected = (info.rejected ?? []).map((entry) => maskAddress(typeof entry === 'string' ? entry : String((entry as MailAddress).address)));
    // Some recipients accepted: resending would duplicate their mail, so this is a success that says who was refused.
    return { statusCode: code, responseBody: rejected.length ? `${reply} (refused: ${rejected.join(', ')})` : reply };
  }

  private async drop(mail: Mail.Options, notification: OutgoingNotification, to: MailAddress[]): Promise<ChannelResult> {
    const dir = this.options.dropDir;
    const stamp = notification.payload.timestamp.replace(/[^0-9TZ]/g, '');
    // Named by the event (its time and id) and the webhook: a repeated attempt rewrites the same file.
    const file = join(dir, `${idPart(stamp)}-${idPart(notification.id)}.${idPart(notification.webhookId)}.eml`);
    const temporary = join(dir, `.${randomBytes(6).toString('hex')}.eml.tmp`);
    try {
      const info = (await this.transport.sendMail(mail)) as { message: Buffer };
      await mkdir(dir, { recursive: true });
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(info.message);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw new RetryableDeliveryError(`could not write the mail to ${dir} (${(error as NodeJS.ErrnoException).code ?? 'ERROR'})`);
    }
    this.logger.log(`mail for ${to.map((entry) => maskAddress(entry.address)).join(', ')} written to ${file}`);
    return { statusCode: null, responseBody: `written to ${file}` };
  }
}
