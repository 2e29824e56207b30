import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { TARGET_TYPES, type TargetType } from '@herald/contracts';
import { ATTEMPT_OUTCOMES, type AttemptMeter, type AttemptOutcome } from '../activities/attempt-meter';

/** Spans a fast receiver to HERALD_ATTEMPT_TIMEOUT's default (15 s) and a slower custom one. */
const ATTEMPT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60];

/**
 * The worker process's own Prometheus metrics: delivery attempts by channel and outcome, their
 * duration, and Node's process metrics. The metrics server adds the Temporal SDK's after these.
 */
@Injectable()
export class WorkerMetrics implements AttemptMeter {
  readonly registry = new Registry();

  private readonly attempts = new Counter({
    name: 'herald_delivery_attempts_total',
    help: 'Delivery attempts made at targets, by channel and outcome (succeeded, retryable, permanent)',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });

  private readonly attemptDuration = new Histogram({
    name: 'herald_delivery_attempt_duration_seconds',
    help: 'Duration of one delivery attempt, connect to last byte, by channel',
    labelNames: ['channel'],
    buckets: ATTEMPT_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every series from the first scrape: rate() and absent-series alerts work before any failure.
    for (const channel of TARGET_TYPES) {
      for (const outcome of ATTEMPT_OUTCOMES) this.attempts.inc({ channel, outcome }, 0);
      this.attemptDuration.zero({ channel });
    }
  }

  attempted(channel: TargetType, outcome: AttemptOutcome, durationMs: number): void {
    this.attempts.inc({ channel, outcome });
    this.attemptDuration.observe({ channel }, durationMs / 1000);
  }
}
