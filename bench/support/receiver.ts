import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DigestData, NotificationPayload } from '@herald/contracts';

/** What one watched webhook URL received; updated as deliveries arrive. */
export interface TargetLog {
  /** Distinct `webhook-id` headers (event ids): a retried delivery counts once. */
  ids: Set<string>;
  posts: number;
  /** performance.now() of the last arrival; 0 before the first. */
  lastAt: number;
  /** The `data` of every file.digest posted to it. */
  digests: DigestData[];
}

interface Expectation {
  remaining: number;
  resolve: () => void;
}

/**
 * A loopback JSON webhook receiver that only timestamps: it answers 204 as soon as the body is
 * in, and records, per artifact path, when each delivery arrived (performance.now() of this
 * process, the same clock the uploads are timed with). A watched URL path is logged on its own
 * instead (see watch).
 */
export class TimestampReceiver {
  private readonly arrivals = new Map<string, number[]>();
  private readonly watched = new Map<string, TargetLog>();
  private expected: Expectation | null = null;
  received = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TimestampReceiver> {
    let receiver: TimestampReceiver | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const at = performance.now();
        response.writeHead(204).end();
        const id = request.headers['webhook-id'];
        receiver?.record(request.url ?? '', typeof id === 'string' ? id : '', Buffer.concat(chunks).toString('utf8'), at);
      });
    });
    server.keepAliveTimeout = 60_000;
    receiver = new TimestampReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Arrival times of the deliveries of one path so far. */
  arrivalsOf(path: string): number[] {
    return this.arrivals.get(path) ?? [];
  }

  /**
   * Logs the deliveries to `path` (the URL path of one webhook's target) in the returned log, and
   * only there: they neither count toward an expectation nor appear in arrivalsOf.
   */
  watch(path: string): TargetLog {
    const log: TargetLog = { ids: new Set(), posts: 0, lastAt: 0, digests: [] };
    this.watched.set(path, log);
    return log;
  }

  /** Forgets what arrived and starts counting toward `count` new deliveries. */
  expect(count: number): void {
    this.arrivals.clear();
    this.received = 0;
    this.expected = { remaining: count, resolve: () => undefined };
  }

  /** Some expected deliveries will never come (their upload failed): stop waiting for them. */
  forgo(count: number): void {
    const expected = this.expected;
    if (!expected || count <= 0) return;
    expected.remaining -= count;
    if (expected.remaining <= 0) expected.resolve();
  }

  /** Resolves true when the expected deliveries arrived, false at the deadline. */
  waitForExpected(timeoutMs: number): Promise<boolean> {
    const expected = this.expected;
    if (!expected || expected.remaining <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      expected.resolve = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(url: string, id: string, body: string, at: number): void {
    let payload: Partial<NotificationPayload> | null;
    try {
      payload = JSON.parse(body) as Partial<NotificationPayload> | null;
    } catch {
      return;
    }
    if (!payload) return;
    const log = this.watched.get(url);
    if (log) {
      log.posts += 1;
      if (id) log.ids.add(id);
      log.lastAt = Math.max(log.lastAt, at);
      if (payload.type === 'file.digest' && payload.data) log.digests.push(payload.data as DigestData);
      return;
    }
    const path = (payload.data && 'path' in payload.data ? payload.data.path : '') ?? '';
    const list = this.arrivals.get(path);
    if (list) list.push(at);
    else this.arrivals.set(path, [at]);
    this.received += 1;
    if (this.expected && --this.expected.remaining <= 0) this.expected.resolve();
  }
}
