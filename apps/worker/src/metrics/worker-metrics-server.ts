import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigError, HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { readTemporalSdkMetrics } from '../temporal-runtime';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's Prometheus endpoint: `GET /metrics` on HOST:HERALD_WORKER_METRICS_PORT answers
 * Herald's metrics followed by the Temporal SDK's, read from the core runtime's exporter at each
 * scrape. Listens from boot until the worker's context closes, after the drain, so the last
 * attempts are still scraped; off when the port is `off`.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerMetrics');
  private server: Server | null = null;

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Where it answers, once listening; null when off. */
  get url(): string | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? `http://${this.config.host}:${address.port}/metrics` : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.workerMetricsPort;
    if (port === null) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new ConfigError('HERALD_WORKER_METRICS_PORT', `cannot listen on ${this.config.host}:${port} (${error.code ?? error.message}); name a free port, 0 for any, or off`)),
      );
      server.listen(port, this.config.host, resolve);
    });
    this.server = server;
    this.logger.log(`metrics on ${this.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection would hold close() open until it times out.
    server.closeAllConnections();
    await closed;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found; metrics are at /metrics\n');
      return;
    }
    try {
      const [herald, sdk] = await Promise.all([this.metrics.registry.metrics(), this.sdkMetrics()]);
      response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(sdk ? `${herald}\n${sdk}` : herald);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${describe(error)}\n`);
    }
  }

  /** The SDK's part; a runtime between restarts says so in a comment rather than failing the scrape. */
  private async sdkMetrics(): Promise<string | null> {
    try {
      return await readTemporalSdkMetrics();
    } catch (error) {
      return `# Temporal SDK metrics unavailable: ${describe(error)}\n`;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
