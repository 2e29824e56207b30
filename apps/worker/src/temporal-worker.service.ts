import { Inject, Injectable, Logger } from '@nestjs/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { Connection } from '@temporalio/client';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import type { HeraldActivities } from '@herald/contracts';
import { ensureSearchAttributes } from '@herald/temporal';
import { HERALD_ACTIVITIES } from './worker.tokens';

/** Where the workflow code comes from: a prebuilt bundle in production, source in development. */
export type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

export const WORKFLOW_SOURCE = Symbol('WORKFLOW_SOURCE');

/** Runs the Temporal worker: connects (waiting for Temporal), registers search attributes, polls. */
@Injectable()
export class TemporalWorkerService {
  private readonly logger = new Logger('TemporalWorker');
  private worker: Worker | null = null;
  private stopping = false;

  constructor(
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    @Inject(HERALD_ACTIVITIES) private readonly activities: HeraldActivities,
    @Inject(WORKFLOW_SOURCE) private readonly workflows: WorkflowSource,
  ) {}

  /** Resolves when the worker has drained after `shutdown()`. */
  async run(): Promise<void> {
    const connection = await this.connect();
    if (!connection) return;
    try {
      const added = await this.registerSearchAttributes();
      if (added.length) this.logger.log(`registered search attributes ${added.join(', ')}`);
      this.worker = await Worker.create({
        connection,
        namespace: this.config.temporal.namespace,
        taskQueue: this.config.temporal.taskQueue,
        activities: this.activities,
        ...this.workflows,
        shutdownGraceTime: '10s',
      });
      if (this.stopping) return;
      this.logger.log(`polling task queue ${this.config.temporal.taskQueue} on ${this.config.temporal.address}`);
      await this.worker.run();
    } finally {
      await connection.close();
    }
  }

  shutdown(): void {
    this.stopping = true;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }

  private async connect(): Promise<NativeConnection | null> {
    let wait = 500;
    while (!this.stopping) {
      try {
        return await NativeConnection.connect({ address: this.config.temporal.address });
      } catch (error) {
        this.logger.warn(`Temporal at ${this.config.temporal.address} is not reachable (${(error as Error).message}); retrying in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
        wait = Math.min(wait * 2, 15_000);
      }
    }
    return null;
  }

  private async registerSearchAttributes(): Promise<string[]> {
    const connection = await Connection.connect({ address: this.config.temporal.address });
    try {
      return await ensureSearchAttributes(connection, this.config.temporal.namespace);
    } finally {
      await connection.close();
    }
  }
}
