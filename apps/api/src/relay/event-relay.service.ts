import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FileEvent } from '@herald/persistence';
import { FileEventOutbox } from './file-event-outbox';
import { FileEventWorkflowStarter } from './file-event-workflow.starter';

const SWEEP_INTERVAL_MS = 2_000;
const SWEEP_BATCH = 200;
/** Starts in flight at once during a sweep: enough to drain a backlog, gentle on the frontend. */
const SWEEP_CONCURRENCY = 8;
/** The sweep leaves young events to dispatchSoon, so one event is not started twice over. */
const SWEEP_GRACE_MS = 5_000;
/** dispatchSoon marks in batches: one UPDATE per burst instead of one per event. */
const MARK_DELAY_MS = 20;
const MARK_BATCH = 200;

/**
 * The outbox relay: starts the workflow of each recorded event right after its transaction
 * commits, and sweeps for any event still undispatched (Temporal was down, the process died).
 * An event is marked dispatched only once Temporal accepted its start; starting is idempotent
 * (the workflow id is derived from the event id), so a repeat after a lost mark is harmless.
 */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EventRelay');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private toMark: string[] = [];
  private markTimer: NodeJS.Timeout | null = null;
  /** Set while Temporal refuses starts, so an outage is logged once, not every sweep. */
  private stalledSince: number | null = null;

  constructor(
    private readonly outbox: FileEventOutbox,
    private readonly starter: FileEventWorkflowStarter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([this.sweeping, ...this.inFlight]);
    await this.flushMarks();
  }

  /** Called after the event's transaction committed; a failure leaves it to the sweep. */
  dispatchSoon(event: FileEvent): void {
    const dispatch = this.starter.startEvent(event).then(
      () => this.markSoon(event.id),
      (error: unknown) => this.stalled(`event ${event.id} waits in the outbox`, error),
    );
    this.inFlight.add(dispatch);
    void dispatch.finally(() => this.inFlight.delete(dispatch));
  }

  /** Starts every undispatched event old enough, oldest first; one sweep at a time per process. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepAll()
      .catch((error: unknown) => this.logger.warn(`outbox sweep failed: ${describe(error)}`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async sweepAll(): Promise<void> {
    let dispatched = 0;
    for (;;) {
      let failed = false;
      const claimed = await this.outbox.claim(SWEEP_BATCH, new Date(Date.now() - SWEEP_GRACE_MS), async (events) => {
        const result = await this.startAll(events);
        failed = result.failed;
        dispatched += result.started.length;
        return result.started;
      });
      if (failed || claimed < SWEEP_BATCH) break;
    }
    if (dispatched > 0 && this.stalledSince !== null) {
      this.logger.log(`Temporal accepts starts again; the sweep dispatched ${dispatched} waiting events`);
      this.stalledSince = null;
    }
  }

  /** Starts a batch a few at a time; stops at the first refusal, since Temporal is likely down. */
  private async startAll(events: FileEvent[]): Promise<{ started: string[]; failed: boolean }> {
    const started: string[] = [];
    let failed = false;
    let next = 0;
    const lane = async () => {
      while (!failed && next < events.length) {
        const event = events[next++];
        try {
          await this.starter.startEvent(event);
          started.push(event.id);
        } catch (error) {
          failed = true;
          this.stalled(`${events.length - started.length} events wait in the outbox`, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, events.length) }, lane));
    return { started, failed };
  }

  private markSoon(eventId: string): void {
    this.toMark.push(eventId);
    if (this.toMark.length >= MARK_BATCH) void this.flushMarks();
    else this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_DELAY_MS);
  }

  private async flushMarks(): Promise<void> {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    const ids = this.toMark;
    this.toMark = [];
    // A lost mark only means the sweep starts the event again, which Temporal dedupes.
    await this.outbox.markDispatched(ids).catch((error: unknown) => this.logger.warn(`could not mark ${ids.length} events dispatched (the sweep will): ${describe(error)}`));
  }

  /** Logs the first refusal of an outage; the rest would repeat it every sweep. */
  private stalled(what: string, error: unknown): void {
    if (this.stalledSince !== null) return;
    this.stalledSince = Date.now();
    this.logger.warn(`Temporal refused a workflow start; ${what} and the sweep retries every ${SWEEP_INTERVAL_MS / 1000}s: ${describe(error)}`);
  }
}

/** Error messages from Temporal and the database name addresses and codes, never a secret. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
