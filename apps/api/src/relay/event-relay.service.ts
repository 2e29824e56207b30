import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FileEvent } from '@herald/persistence';
import { SubscriptionIndex } from '../subscriptions/subscription-index';
import { DigestSignals } from './digest-signals';
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
 * The outbox relay: dispatches each recorded event right after its transaction commits, and
 * sweeps for any event still undispatched (Temporal was down, the process died). Dispatching
 * routes the event by the subscription index: its digesting webhooks get it in a batched signal
 * (DigestSignals), and its workflow is started when anyone else subscribes (a delivery of its
 * own, or a Maven version to announce). An event is marked dispatched only once Temporal accepted
 * all of that; both are idempotent (workflow ids derive from event ids, digests count an event id
 * once), so a repeat after a lost mark is harmless.
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
    private readonly subscriptions: SubscriptionIndex,
    private readonly digests: DigestSignals,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.digests.flush();
    await Promise.allSettled([this.sweeping, ...this.inFlight]);
    await this.flushMarks();
  }

  /** Called after the event's transaction committed; a failure leaves it to the sweep. */
  dispatchSoon(event: FileEvent): void {
    const dispatch = this.dispatch(event, (start) => start()).then(
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
      this.logger.log(`events are dispatched again; the sweep dispatched ${dispatched} waiting events`);
      this.stalledSince = null;
    }
  }

  /**
   * Dispatches a batch at once, its workflow starts a few at a time; after the first refusal no
   * further start is tried, since Temporal is likely down.
   */
  private async startAll(events: FileEvent[]): Promise<{ started: string[]; failed: boolean }> {
    const started: string[] = [];
    let failed = false;
    const lanes = concurrencyLimit(SWEEP_CONCURRENCY);
    // A refusal is noted inside its lane, before the lane's slot goes to the next waiting start.
    const start = (work: () => Promise<void>) =>
      lanes(() =>
        failed
          ? Promise.reject(new Error('an earlier start of this sweep was refused'))
          : work().catch((error: unknown) => {
              failed = true;
              throw error;
            }),
      );
    const dispatches = events.map((event) =>
      this.dispatch(event, start).then(
        () => void started.push(event.id),
        (error: unknown) => {
          failed = true;
          this.stalled(`${events.length - started.length} events wait in the outbox`, error);
        },
      ),
    );
    // Every digest event of the batch is gathered by now: send them without waiting out the linger.
    await this.digests.flush();
    await Promise.all(dispatches);
    return { started, failed };
  }

  /** Routes one event and hands it on; `start` runs its workflow start (the sweep limits how many at once). */
  private async dispatch(event: FileEvent, start: (work: () => Promise<void>) => Promise<void>): Promise<void> {
    if (event.targetWebhookId) return start(() => this.starter.startEvent(event, []));
    const { direct, digest, groupVersion } = this.subscriptions.subscribers(event);
    await Promise.all([
      ...digest.map((webhook) => this.digests.add(webhook, event)),
      ...(direct.length > 0 || groupVersion ? [start(() => this.starter.startEvent(event, direct))] : []),
    ]);
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
    this.logger.warn(`an event could not be dispatched; ${what} and the sweep retries every ${SWEEP_INTERVAL_MS / 1000}s: ${describe(error)}`);
  }
}

/** Runs at most `concurrency` of the works handed to it at once, the rest in turn. */
function concurrencyLimit(concurrency: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    // A finished work hands its slot to the next waiter directly, so `running` never overshoots.
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** Error messages from Temporal and the database name addresses and codes, never a secret. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
