import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** The session ran over TLS (STARTTLS or implicit). */
  secure: boolean;
  user: string | null;
}

/** How the sink answers: a reply code and text at one SMTP step, instead of accepting. */
export interface SmtpRejection {
  at: 'mail' | 'rcpt' | 'data';
  code: number;
  message: string;
  /** Only this many times, then accept again (a mailbox that recovers). */
  times?: number;
}

export interface SmtpSinkOptions {
  /** Require this login (plain AUTH without TLS, as a local relay would allow). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with this key and certificate. */
  tls?: { key: string; cert: string };
}

function replyError(rejection: SmtpRejection): Error {
  return Object.assign(new Error(rejection.message), { responseCode: rejection.code });
}

/** A real SMTP server on loopback (the smtp-server package) that records what it is sent. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  readonly logins: Array<{ user: string; ok: boolean }> = [];
  reject: SmtpRejection | null = null;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      name: 'sink.test',
      logger: false,
      hideSTARTTLS: !options.tls,
      ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
      authOptional: !options.auth,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        const ok = !!options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
        sink?.logins.push({ user: auth.username ?? '', ok });
        if (!ok) return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
        callback(null, { user: auth.username });
      },
      onMailFrom(_address: SMTPServerAddress, _session, callback) {
        callback(sink?.take('mail'));
      },
      onRcptTo(_address: SMTPServerAddress, _session, callback) {
        callback(sink?.take('rcpt'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const rejection = sink?.take('data');
          if (rejection) return callback(rejection);
          const raw = Buffer.concat(chunks).toString('utf8');
          void sink?.record(raw, session).then(() => callback(null, 'Message queued as sink-1'));
        });
      },
    });
    sink = new SmtpSink(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  url(credentials?: { user: string; pass: string }): string {
    const auth = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedMail[]> {
    if (this.mails.length >= count) return Promise.resolve(this.mails.slice());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMTP sink got ${this.mails.length} of ${count} mails within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(this.mails.slice())) });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The error to answer at this step, if a rejection is set for it. */
  private take(at: SmtpRejection['at']): Error | undefined {
    const rejection = this.reject;
    if (rejection?.at !== at) return undefined;
    if (rejection.times !== undefined && --rejection.times <= 0) this.reject = null;
    return replyError(rejection);
  }

  private async record(raw: string, session: SMTPServerSession): Promise<void> {
    const from = session.envelope.mailFrom;
    this.mails.push({
      envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((entry) => entry.address) },
      raw,
      parsed: await simpleParser(raw),
      secure: session.secure,
      user: (session.user as string | undefined) ?? null,
    });
    this.waiters = this.waiters.filter((waiter) => {
      if (this.mails.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
}
