import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How a receiver misbehaves once a request has arrived:
 * - hang: never answers;
 * - trickle: sends its status line and headers a byte at a time, never finishing them;
 * - huge: answers 200 with a body of `hugeBytes` (50 MB), as fast as the socket takes it;
 * - redirect: answers 302 to `redirectTo` (an internal address);
 * - reset: resets the connection (TCP RST).
 */
export type Hostility = 'hang' | 'trickle' | 'huge' | 'redirect' | 'reset';

export interface HostileOptions {
  redirectTo?: string;
  hugeBytes?: number;
  trickleEveryMs?: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** A loopback HTTP receiver written on raw sockets, so it can break HTTP in ways a server library will not. */
export class HostileReceiver {
  /** When each request arrived (ms since epoch). */
  readonly requests: number[] = [];
  /** Body bytes the `huge` receiver got onto the wire before Herald hung up. */
  readonly bodyBytesSent: number[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly kind: Hostility,
    private readonly server: Server,
    private readonly options: HostileOptions,
  ) {}

  static async start(kind: Hostility, options: HostileOptions = {}): Promise<HostileReceiver> {
    let receiver: HostileReceiver | null = null;
    const server = createServer((socket) => receiver?.accept(socket));
    receiver = new HostileReceiver(kind, server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.subarray(end + 4 + length);
      this.requests.push(Date.now());
      this.misbehave(socket);
    });
  }

  private misbehave(socket: Socket): void {
    switch (this.kind) {
      case 'hang':
        return;
      case 'trickle':
        return this.trickle(socket);
      case 'huge':
        return this.sendHuge(socket);
      case 'redirect':
        socket.write(`HTTP/1.1 302 Found\r\nLocation: ${this.options.redirectTo ?? 'http://127.0.0.1:1/'}\r\nContent-Length: 0\r\n\r\n`);
        return;
      case 'reset':
        socket.resetAndDestroy();
        return;
    }
  }

  private trickle(socket: Socket): void {
    const head = 'HTTP/1.1 200 OK\r\nX-Slowly: ';
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(sent < head.length ? head[sent] : 'a');
      sent += 1;
    }, this.options.trickleEveryMs ?? 200);
    socket.once('close', () => clearInterval(timer));
  }

  private sendHuge(socket: Socket): void {
    const total = this.options.hugeBytes ?? 50 * 1024 * 1024;
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${total}\r\n\r\n`);
    let sent = 0;
    const record = () => this.bodyBytesSent.push(sent);
    socket.once('close', record);
    const pump = () => {
      while (sent < total && !socket.destroyed) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  }
}
