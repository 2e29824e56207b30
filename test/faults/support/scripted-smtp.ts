import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface SmtpReply {
  code: number;
  message: string;
}

/**
 * A real SMTP server (smtp-server) on loopback with a script: per recipient, replies given to
 * RCPT TO before it accepts (421 then 250, or 550 for good); per connection, how long a proxy
 * in front of it holds the greeting back (a server that greets slowly).
 */
export class ScriptedSmtp {
  /** Accepted mails by recipient. */
  readonly delivered = new Map<string, number>();
  /** Replies RCPT TO gives a recipient, in order, before it is accepted. */
  readonly rcptReplies = new Map<string, SmtpReply[]>();
  /** Greeting delays for the next connections, in order; later ones greet at once. */
  readonly greetingDelaysMs: number[] = [];
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly smtp: SMTPServer,
    private readonly proxy: Server,
  ) {}

  static async start(): Promise<ScriptedSmtp> {
    let script: ScriptedSmtp | null = null;
    const smtp = new SMTPServer({
      name: 'scripted.test',
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const reply = script?.rcptReplies.get(address.address)?.shift();
        if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
        callback();
      },
      onData(stream, session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          for (const to of session.envelope.rcptTo) script?.delivered.set(to.address, (script.delivered.get(to.address) ?? 0) + 1);
          callback(null, 'Message queued as scripted-1');
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const upstream = (smtp.server.address() as AddressInfo).port;
    const proxy = createServer((client) => script?.relay(client, upstream));
    script = new ScriptedSmtp(smtp, proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return script;
  }

  /** Where Herald connects (SMTP_URL): the proxy. */
  get port(): number {
    return (this.proxy.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }

  /** Connects the client to the server after this connection's greeting delay. */
  private relay(client: Socket, upstreamPort: number): void {
    this.connections += 1;
    this.sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => this.sockets.delete(client));
    const delay = this.greetingDelaysMs.shift() ?? 0;
    setTimeout(() => {
      if (client.destroyed) return;
      const server = connect({ host: '127.0.0.1', port: upstreamPort });
      this.sockets.add(server);
      server.on('error', () => client.destroy());
      server.on('close', () => (this.sockets.delete(server), client.destroy()));
      client.on('close', () => server.destroy());
      client.pipe(server).pipe(client);
    }, delay);
  }
}
