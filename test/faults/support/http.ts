import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SendOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The request is abandoned (and rejects) after this long; 60 s by default. */
  timeoutMs?: number;
  agent?: Agent;
  /** The loopback address the request leaves from (127.0.0.2, say), to stand for another client. */
  localAddress?: string;
}

/** Keep-alive connections, as a build tool holds them; one socket per concurrent client. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One request through node:http with the path sent byte for byte (fetch would normalise `..`
 * and refuse some characters). Rejects only when no answer came (refused, reset, timed out).
 */
export function send(port: number, method: string, path: string, options: SendOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: options.headers, agent: options.agent ?? keepAlive, localAddress: options.localAddress, insecureHTTPParser: true },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.setTimeout(options.timeoutMs ?? 60_000, () => request.destroy(new Error(`${method} ${path} got no answer in time`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The JSON body of an answer, for assertions that name its fields. */
export function jsonOf<T = Record<string, unknown>>(answer: HttpAnswer): T {
  return JSON.parse(answer.body.toString('utf8')) as T;
}

/**
 * Writes `raw` as it is onto a fresh TCP connection and reads the status of the first answer:
 * for requests node:http refuses to send (CR/LF in headers, both Content-Length and
 * Transfer-Encoding, bytes outside ASCII in the request line). 0 when the server closed
 * without answering.
 */
export function sendRaw(port: number, raw: string | Buffer, timeoutMs = 15_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text });
    };
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error('raw request got no answer in time'));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // The head and a little of the body are enough to judge the answer.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) {
        socket.destroy();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
    socket.write(raw);
  });
}
