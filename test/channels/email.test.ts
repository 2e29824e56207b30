import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { EmailChannel, PermanentDeliveryError, RetryableDeliveryError, type EmailChannelOptions } from '@herald/channels';
import { UPLOAD_URL, notification, uploadPayload } from './fixtures';
import { SmtpSink } from './smtp-sink';

// Key generation for the STARTTLS server and SMTP round trips on a shared CI machine.
jest.setTimeout(30_000);

const FROM = 'Herald <herald@example.com>';
const TO = { type: 'email' as const, to: 'ops@example.com' };
const silent = { log: jest.fn(), warn: jest.fn() };

/** The error a delivery threw (the test fails if it resolved). */
async function failureOf(promise: Promise<unknown>): Promise<RetryableDeliveryError | PermanentDeliveryError> {
  try {
    await promise;
  } catch (error) {
    return error as RetryableDeliveryError | PermanentDeliveryError;
  }
  throw new Error('the delivery succeeded');
}

function headerBlock(raw: string): string {
  return raw.slice(0, raw.search(/\r?\n\r?\n/));
}

describe('EmailChannel against a real SMTP server', () => {
  let sink: SmtpSink;
  const channels: EmailChannel[] = [];

  function channel(options: Partial<EmailChannelOptions> = {}): EmailChannel {
    const created = new EmailChannel({ smtpUrl: sink.url(), from: FROM, dropDir: mkdtempSync(join(tmpdir(), 'herald-mail-')), timeoutMs: 5_000, logger: silent, ...options });
    channels.push(created);
    return created;
  }

  beforeEach(async () => {
    sink = await SmtpSink.start();
  });

  afterEach(async () => {
    channels.splice(0).forEach((created) => created.close());
    await sink.stop();
  });

  it('sends one mail with subject, both parts, a Message-ID and an explicit envelope', async () => {
    const result = await channel().deliver(TO, notification());
    const [mail] = await sink.waitFor(1);

    expect(result.statusCode).toBe(250);
    expect(result.responseBody).toContain('Message queued as sink-1');
    expect(mail.envelope).toEqual({ from: 'herald@example.com', to: ['ops@example.com'] });
    const parsed = mail.parsed;
    expect(parsed.subject).toBe('[Herald] file.uploaded libs-release com/example/demo/1.0.0/demo-1.0.0.jar');
    expect(parsed.from?.value).toEqual([{ name: 'Herald', address: 'herald@example.com' }]);
    expect(Array.isArray(parsed.to) ? parsed.to[0].value : parsed.to?.value).toEqual([{ name: '', address: 'ops@example.com' }]);
    expect(parsed.messageId).toBe('<evt_01test0000000000000000000.wh_01test0000000000000000000@herald>');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-herald-event-type')).toBe('file.uploaded');

    for (const part of [parsed.text ?? '', parsed.html || '']) {
      expect(part).toContain('libs-release');
      expect(part).toContain('com/example/demo/1.0.0/demo-1.0.0.jar');
      expect(part).toContain('1.2 KiB (1,234 bytes)');
      expect(part).toContain('a'.repeat(64));
      expect(part).toContain('b'.repeat(40));
      expect(part).toContain('c'.repeat(32));
      expect(part).toContain('ci from 203.0.113.9');
      expect(part).toContain('Apache-Maven/3.9.6');
      expect(part).toContain('2026-11-28 22:00:00 UTC');
      expect(part).toContain(UPLOAD_URL);
    }
    expect(parsed.text).toContain(`Open the file: ${UPLOAD_URL}`);
    expect(parsed.html).toContain(`<a href="${UPLOAD_URL}"`);
  });

  it('uses the same Message-ID on a repeated attempt, so the duplicate is recognisable', async () => {
    const email = channel();
    await email.deliver(TO, notification());
    await email.deliver(TO, notification());
    const mails = await sink.waitFor(2);
    expect(mails[0].parsed.messageId).toBe(mails[1].parsed.messageId);
  });

  it('escapes user-controlled text in the HTML part', async () => {
    const payload = uploadPayload({ path: 'com/x/<script>alert(1)</script>.jar', actor: { username: 'ci"><img src=x>', ip: null, userAgent: null } });
    await channel().deliver(TO, notification(payload));
    const [mail] = await sink.waitFor(1);
    const html = mail.parsed.html || '';
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('ci&quot;&gt;&lt;img src=x&gt;');
  });

  it('lets no CR/LF from event data start a header', async () => {
    const payload = uploadPayload({
      repository: 'libs-release\r\nBcc: thief@evil.test',
      path: 'com/x/demo.jar\r\nX-Injected: yes\r\n\r\nbody',
    });
    await channel().deliver(TO, notification(payload));
    const [mail] = await sink.waitFor(1);
    const headers = headerBlock(mail.raw);
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).not.toMatch(/^X-Injected:/im);
    expect(mail.parsed.headers.has('bcc')).toBe(false);
    expect(mail.parsed.headers.has('x-injected')).toBe(false);
    expect(mail.envelope.to).toEqual(['ops@example.com']);
    expect(mail.parsed.subject).toBe('[Herald] file.uploaded libs-release Bcc: thief@evil.test com/x/demo.jar X-Injected: yes body');
  });

  it('refuses a target address that would inject a header, sending nothing', async () => {
    const error = await failureOf(channel().deliver({ type: 'email', to: 'ops@example.com\r\nBcc: thief@evil.test' }, notification()));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(sink.mails).toHaveLength(0);
  });

  it.each([
    ['rcpt', 421, 'Service shutting down, try later'],
    ['rcpt', 450, 'Mailbox busy'],
    ['mail', 451, 'Local error in processing'],
    ['data', 452, 'Insufficient storage'],
  ] as const)('treats a %s %d reply as retryable', async (at, code, message) => {
    sink.reject = { at, code, message };
    const error = await failureOf(channel().deliver(TO, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.statusCode).toBe(code);
    expect(error.message).toContain(message);
    expect(error.responseBody).toContain(`${code}`);
  });

  it.each([
    ['rcpt', 550, 'Mailbox unavailable: no such user'],
    ['rcpt', 553, 'Mailbox name not allowed'],
    ['data', 554, 'Transaction failed: message looks like spam'],
  ] as const)('ends the delivery on a %s %d reply, keeping the reply', async (at, code, message) => {
    sink.reject = { at, code, message };
    const error = await failureOf(channel().deliver(TO, notification()));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.statusCode).toBe(code);
    expect(error.message).toContain(`${code}`);
    expect(error.message).toContain(message);
    expect(error.responseBody).toContain(message);
    expect(sink.mails).toHaveLength(0);
  });

  it('retries when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await failureOf(channel({ smtpUrl: `smtp://127.0.0.1:${port}` }).deliver(TO, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe(`connection to mail server 127.0.0.1:${port} failed (ECONNREFUSED)`);
  });

  it('retries when the server never greets', async () => {
    const silentServer: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const port = (silentServer.address() as { port: number }).port;
    try {
      const error = await failureOf(channel({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs: 300 }).deliver(TO, notification()));
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error.message).toContain('timed out');
    } finally {
      silentServer.close();
    }
  });
});

describe('EmailChannel with SMTP authentication', () => {
  const credentials = { user: 'herald', pass: 'pa:ss/w@rd-Sup3rSecret' };
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await SmtpSink.start({ auth: credentials });
  });

  afterAll(() => sink.stop());

  it('logs in with the password from SMTP_URL', async () => {
    const email = new EmailChannel({ smtpUrl: sink.url(credentials), from: FROM, dropDir: tmpdir(), timeoutMs: 5_000, logger: silent });
    try {
      await email.deliver(TO, notification());
      const [mail] = await sink.waitFor(1);
      expect(mail.user).toBe('herald');
      expect(sink.logins).toContainEqual({ user: 'herald', ok: true });
    } finally {
      email.close();
    }
  });

  it('never puts the password into the error of a refused login', async () => {
    const wrong = { user: 'herald', pass: 'wr0ng:P@ss/Secret' };
    const url = sink.url(wrong);
    const email = new EmailChannel({ smtpUrl: url, from: FROM, dropDir: tmpdir(), timeoutMs: 5_000, logger: silent });
    try {
      const error = await failureOf(email.deliver(TO, notification()));
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error.statusCode).toBe(535);
      expect(error.message).toContain('refused Herald\'s login');
      const visible = JSON.stringify({ message: error.message, body: error.responseBody, stack: error.stack });
      for (const secret of [wrong.pass, encodeURIComponent(wrong.pass), url]) expect(visible).not.toContain(secret);
      expect(sink.logins).toContainEqual({ user: 'herald', ok: false });
    } finally {
      email.close();
    }
  });
});

describe('EmailChannel with STARTTLS offered', () => {
  let sink: SmtpSink;
  let cert: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    sink = await SmtpSink.start({ tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert } });
  });

  afterAll(() => sink.stop());

  it('upgrades the session to TLS when the server offers it', async () => {
    const email = new EmailChannel({ smtpUrl: sink.url(), from: FROM, dropDir: tmpdir(), timeoutMs: 5_000, logger: silent, tls: { ca: cert } });
    try {
      await email.deliver(TO, notification());
      const [mail] = await sink.waitFor(1);
      expect(mail.secure).toBe(true);
    } finally {
      email.close();
    }
  });

  it('does not fall back to plain text when the certificate is not trusted', async () => {
    const email = new EmailChannel({ smtpUrl: sink.url(), from: FROM, dropDir: tmpdir(), timeoutMs: 5_000, logger: silent });
    try {
      const error = await failureOf(email.deliver(TO, notification()));
      expect(error).toBeInstanceOf(RetryableDeliveryError);
      expect(error.message).toMatch(/^TLS with mail server 127\.0\.0\.1:\d+ failed: self-signed certificate/);
      expect(sink.mails.filter((mail) => !mail.secure)).toHaveLength(0);
    } finally {
      email.close();
    }
  });
});

describe('EmailChannel without SMTP_URL: the .eml drop', () => {
  it('writes each mail atomically as an .eml file and logs its path', async () => {
    const dropDir = join(mkdtempSync(join(tmpdir(), 'herald-drop-')), 'mail');
    const logger = { log: jest.fn(), warn: jest.fn() };
    const email = new EmailChannel({ smtpUrl: null, from: FROM, dropDir, timeoutMs: 5_000, logger });
    const result = await email.deliver(TO, notification());

    const files = readdirSync(dropDir);
    expect(files).toEqual(['20261128T220000000Z-evt_01test0000000000000000000.wh_01test0000000000000000000.eml']);
    const file = join(dropDir, files[0]);
    expect(result).toEqual({ statusCode: null, responseBody: `written to ${file}` });
    expect(logger.log).toHaveBeenCalledWith(`mail for o***@example.com written to ${file}`);

    const raw = readFileSync(file, 'utf8');
    expect(raw).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('[Herald] file.uploaded libs-release com/example/demo/1.0.0/demo-1.0.0.jar');
    expect(parsed.messageId).toBe('<evt_01test0000000000000000000.wh_01test0000000000000000000@herald>');
    expect(parsed.from?.value).toEqual([{ name: 'Herald', address: 'herald@example.com' }]);
    expect(parsed.text).toContain(`Open the file: ${UPLOAD_URL}`);
    expect(parsed.html).toContain('1.2 KiB (1,234 bytes)');

    // A repeated attempt rewrites the same file and leaves no temporary behind.
    await email.deliver(TO, notification());
    expect(readdirSync(dropDir)).toEqual(files);
    email.close();
  });
});
