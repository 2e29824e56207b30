import { Injectable, Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../health/metrics.service';
import { FileEventOutbox, type OutboxBacklog } from './file-event-outbox';

/**
 * The outbox gauges of /metrics, read from the database at scrape time: the backlog of the whole
 * fleet, not of this process, so any API replica answers for all of them. A database that does
 * not answer shows as NaN (and a warning) instead of failing the scrape's other metrics.
 */
@Injectable()
export class OutboxMetrics {
  private readonly logger = new Logger('OutboxMetrics');
  private reading: Promise<OutboxBacklog | null> | null = null;

  constructor(metrics: MetricsService, outbox: FileEventOutbox) {
    const read = () => this.read(outbox);
    new Gauge({
      name: 'herald_outbox_backlog',
      help: 'File events recorded but not yet handed to Temporal, in the whole database',
      registers: [metrics.registry],
      async collect() {
        this.set((await read())?.events ?? NaN);
      },
    });
    new Gauge({
      name: 'herald_outbox_oldest_seconds',
      help: 'How long the oldest file event not yet handed to Temporal has waited (0 when none waits)',
      registers: [metrics.registry],
      async collect() {
        this.set((await read())?.oldestSeconds ?? NaN);
      },
    });
  }

  /** A scrape collects both gauges at once: they share the one statement in flight. */
  private read(outbox: FileEventOutbox): Promise<OutboxBacklog | null> {
    this.reading ??= outbox
      .backlog()
      .catch((error: unknown) => {
        this.logger.warn(`could not read the outbox backlog: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
