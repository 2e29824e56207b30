import { Agent, request } from 'node:http';
import type { Readable, Writable } from 'node:stream';

/** One keep-alive agent per load generator: `clients` sockets, reused across requests. */
export function keepAliveAgent(clients: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
}

export interface Answer {
  status: number;
  bytes: number;
  body: string;
}

interface SendOptions {
  method: string;
  agent?: Agent;
  headers?: Record<string, string | number>;
  body?: Buffer | string | Readable;
  /** Where a response body goes; without it, up to 64 KiB of it is kept as text. */
  sink?: Writable;
}

/**
 * One HTTP request over loopback; rejects on a network error, never on a status. A request whose
 * kept-alive socket the server closed just as it was reused is sent again once (the race Node's
 * documentation describes), when its body can be sent again.
 */
export async function send(url: string, options: SendOptions): Promise<Answer> {
  try {
    return await sendOnce(url, options);
  } catch (error) {
    const resendable = options.body === undefined || typeof options.body === 'string' || Buffer.isBuffer(options.body);
    if ((error as { reusedSocket?: boolean }).reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && resendable && !options.sink) return sendOnce(url, options);
    throw error;
  }
}

function sendOnce(url: string, options: SendOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method, agent: options.agent, headers: options.headers }, (response) => {
      let bytes = 0;
      const kept: Buffer[] = [];
      const done = () => resolve({ status: response.statusCode ?? 0, bytes, body: Buffer.concat(kept).toString('utf8') });
      response.on('error', reject);
      if (options.sink) {
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        options.sink.once('finish', done);
        options.sink.once('error', reject);
        response.pipe(options.sink);
        return;
      }
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= 65_536) kept.push(chunk);
      });
      response.on('end', done);
    });
    outgoing.on('error', (error) => reject(Object.assign(error, { reusedSocket: outgoing.reusedSocket })));
    const body = options.body;
    if (body === undefined) outgoing.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) outgoing.end(body);
    else {
      body.once('error', (error) => outgoing.destroy(error));
      body.pipe(outgoing);
    }
  });
}

/** JSON in and out, for the admin API. */
export async function sendJson(url: string, method: string, auth: string, payload?: unknown): Promise<{ status: number; json: unknown }> {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  const answer = await send(url, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
    body,
  });
  let json: unknown = null;
  try {
    json = answer.body ? JSON.parse(answer.body) : null;
  } catch {
    json = answer.body;
  }
  return { status: answer.status, json };
}

/** Runs `task(0..count-1)` with at most `clients` in flight, like `clients` sequential users. */
export async function closedLoop(clients: number, count: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const user = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(clients, count) }, user));
}

/** Runs `task` from `clients` users until `durationMs` has passed or `limit` tasks started; returns how many completed. */
export async function forDuration(clients: number, durationMs: number, task: () => Promise<void>, limit = Infinity): Promise<number> {
  const end = Date.now() + durationMs;
  let started = 0;
  let completed = 0;
  const user = async () => {
    while (Date.now() < end && started++ < limit) {
      await task();
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, user));
  return completed;
}
