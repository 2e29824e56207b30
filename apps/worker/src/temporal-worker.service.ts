import { Inject, Injectable, Logger } from '@nestjs/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { HeraldActivities } from '@herald/contracts';
import { ensureSearchAttributes } from '@herald/temporal';
import { ACTIVITY_SLOTS } from './activities/host-gate';
import { ensureBlobGcSchedule } from './blob-gc-schedule';
import { HERALD_ACTIVITIES } from './worker.tokens';

/** Where the workflow code comes from: a prebuilt bundle in production, source in development. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

export const WORKFLOW_SOURCE = Symbol('WORKFLOW_SOURCE');

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 15_000;
/** Beyond HERALD_ATTEMPT_TIMEOUT, for an attempt in flight at shutdown to record its outcome. */
const DRAIN_ALLOWANCE_MS = 5_000;

/**
 * Runs the Temporal worker: connects (waiting for Temporal), registers search attributes and
 * the blob garbage collection schedule, polls. Should the worker fail while Temporal is unreachable for long, it is built again
 * rather than leaving the process alive and idle. `shutdown()` drains: polling stops and
 * attempts in flight finish and record their outcome before `run()` resolves.
 */
@Injectable()
export class TemporalWorkerService {
  private readonly logger = new Logger('TemporalWorker');
  private worker: Worker | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    @Inject(HERALD_ACTIVITIES) private readonly activities: HeraldActivities,
    @Inject(WORKFLOW_SOURCE) private readonly workflows: WorkflowSource,
  ) {}

  /** Resolves when the worker has drained after `shutdown()`. */
  async run(): Promise<void> {
    let wait = FIRST_RETRY_MS;
    while (!this.stopping) {
      try {
        await this.runOnce();
        wait = FIRST_RETRY_MS;
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.error(`the Temporal worker failed (${describe(error)}); starting it again in ${wait} ms`);
        await this.pause(wait);
        wait = Math.min(wait * 2, LONGEST_RETRY_MS);
      }
    }
  }

  shutdown(): void {
    this.stopping = true;
    this.wake?.();
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }

  private async runOnce(): Promise<void> {
    const connection = await this.connect();
    if (!connection) return;
    try {
      // On the worker's own connection: no second connection opened and closed at every start.
      const added = await ensureSearchAttributes(connection, this.config.temporal.namespace);
      if (added.length) this.logger.log(`registered search attributes ${added.join(', ')}`);
      await this.scheduleBlobGc(connection);
      this.worker = await Worker.create({
        connection,
        namespace: this.config.temporal.namespace,
        taskQueue: this.config.temporal.taskQueue,
        activities: this.activities,
        // Sized against the per-host gate (host-gate.ts): one hanging target holds a fifth at most.
        maxConcurrentActivityTaskExecutions: ACTIVITY_SLOTS,
        ...this.workflows,
        shutdownGraceTime: this.config.delivery.attemptTimeoutMs + DRAIN_ALLOWANCE_MS,
      });
      this.logger.log(`polling task queue ${this.config.temporal.taskQueue} on ${this.config.temporal.address}`);
      const running = this.worker.run();
      // shutdown() came while the worker was being built: a worker that never ran would keep
      // its hold on the connection, so run it and drain at once.
      if (this.stopping) this.worker.shutdown();
      await running;
    } finally {
      this.worker = null;
      await connection.close();
    }
  }

  private async connect(): Promise<NativeConnection | null> {
    let wait = FIRST_RETRY_MS;
    while (!this.stopping) {
      try {
        return await NativeConnection.connect({ address: this.config.temporal.address });
      } catch (error) {
        this.logger.warn(`Temporal at ${this.config.temporal.address} is not reachable (${describe(error)}); retrying in ${wait} ms`);
        await this.pause(wait);
        wait = Math.min(wait * 2, LONGEST_RETRY_MS);
      }
    }
    return null;
  }

  /**
   * Garbage collection waits for the next worker start rather than holding up deliveries: a
   * namespace that refuses schedules (permissions, an old server) must not stop notifications.
   */
  private async scheduleBlobGc(connection: NativeConnection): Promise<void> {
    try {
      const outcome = await ensureBlobGcSchedule(connection, this.config.temporal.namespace, this.config);
      if (outcome !== 'unchanged') this.logger.log(`blob garbage collection schedule ${outcome}`);
    } catch (error) {
      this.logger.error(`the blob garbage collection schedule could not be created or updated (${describe(error)}); trying again at the next worker start`);
    }
  }

  /** Waits, but no longer than until shutdown() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
