import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';
import { SEARCH_ATTRIBUTES, fileEventWorkflowId, type FileEventWorkflowInput } from '@herald/contracts';
import { FileEvent } from '@herald/persistence';
import { TemporalClientProvider } from '@herald/temporal';

const SWEEP_INTERVAL_MS = 2_000;
const SWEEP_BATCH = 200;

/**
 * The outbox relay: starts the workflow of each recorded event right after its transaction
 * commits, and sweeps for any event still undispatched (Temporal was down, the process died).
 * Starting is idempotent (the workflow id is derived from the event id), so a repeat is harmless.
 */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventRelay');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(HERALD_CONFIG) private readonly config: HeraldConfig,
    private readonly temporal: TemporalClientProvider,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /** Called after commit; failures are left to the sweep. */
  dispatchSoon(event: FileEvent): void {
    this.dispatch(event).catch((error: unknown) => {
      this.logger.warn(`event ${event.id} stays in the outbox for the sweep: ${(error as Error).message}`);
    });
  }

  /** Starts every undispatched event, oldest first; one sweep at a time per process. */
  sweep(): Promise<void> {
    if (!this.sweeping) {
      this.sweeping = this.sweepOnce()
        .catch((error: unknown) => this.logger.warn(`outbox sweep failed: ${(error as Error).message}`))
        .finally(() => {
          this.sweeping = null;
        });
    }
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const em = this.orm.em.fork();
    const pending = await em.find(FileEvent, { dispatchedAt: null }, { orderBy: { occurredAt: 'asc' }, limit: SWEEP_BATCH });
    for (const event of pending) await this.dispatch(event);
  }

  private async dispatch(event: FileEvent): Promise<void> {
    await this.startWorkflow(event);
    const em = this.orm.em.fork();
    await em.nativeUpdate(FileEvent, { id: event.id, dispatchedAt: null }, { dispatchedAt: new Date() });
  }

  private async startWorkflow(event: FileEvent): Promise<void> {
    const client = await this.temporal.client();
    const input: FileEventWorkflowInput = {
      eventId: event.id,
      eventType: event.type,
      repository: event.repository,
      path: event.path,
      ...(event.targetWebhookId ? { webhookId: event.targetWebhookId } : {}),
    };
    try {
      await client.workflow.start('fileEventWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: fileEventWorkflowId(event.id),
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        staticSummary: `${event.type} ${event.repository}/${event.path}`,
        typedSearchAttributes: [
          { key: SEARCH_ATTRIBUTES.repository, value: event.repository },
          { key: SEARCH_ATTRIBUTES.eventType, value: event.type },
          { key: SEARCH_ATTRIBUTES.deliveryStatus, value: 'pending' },
        ],
      });
    } catch (error) {
      // REJECT_DUPLICATE: the workflow ran and closed already; the event was dispatched.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
