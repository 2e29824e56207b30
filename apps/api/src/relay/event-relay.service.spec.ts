import { Logger } from '@nestjs/common';
import { FileEvent } from '@herald/persistence';
import type { Subscribers } from '@herald/subscriptions';
import { SubscriptionsUnknownError, type IndexedWebhook, type SubscriptionIndex } from '../subscriptions/subscription-index';
import type { DigestSignals } from './digest-signals';
import { EventRelayService } from './event-relay.service';
import type { FileEventOutbox } from './file-event-outbox';
import type { FileEventWorkflowStarter } from './file-event-workflow.starter';

const digesting: IndexedWebhook = { id: 'wh_digest', repository: 'libs', targetType: 'email', events: ['file.downloaded'], filters: null, digest: { windowSeconds: 60 } };
const direct: IndexedWebhook = { id: 'wh_json', repository: 'libs', targetType: 'json', events: ['file.downloaded'], filters: null, digest: null };

/** Who subscribes, by the event's path: the relay's only question to the index. */
const ROUTES: Record<string, Subscribers<IndexedWebhook>> = {
  'digest-only.jar': { direct: [], digest: [digesting], groupVersion: false },
  'direct.jar': { direct: [direct], digest: [digesting], groupVersion: false },
  'version.jar': { direct: [], digest: [], groupVersion: true },
  'nobody.jar': { direct: [], digest: [], groupVersion: false },
};

function event(path: string, fields: Partial<FileEvent> = {}): FileEvent {
  return Object.assign(new FileEvent(), { type: 'file.downloaded', repository: 'libs', path, name: path, ...fields });
}

function relayWith(options: { startFails?: boolean; indexUnknown?: boolean; digestFails?: boolean; pending?: FileEvent[] } = {}) {
  const marked: string[] = [];
  const started: string[] = [];
  /** The webhooks each start named in the workflow's search attributes, by path. */
  const expected: Record<string, string[]> = {};
  const digested: string[] = [];
  /** Each claim's batch size and how old an event had to be to be in it. */
  const claims: Array<{ limit: number; olderThanMs: number }> = [];
  let starting = 0;
  let mostStarting = 0;
  const outbox = {
    markDispatched: jest.fn(async (ids: string[]) => void marked.push(...ids)),
    // Serves the pending events not marked yet, oldest first, as the table would.
    claim: jest.fn(async (limit: number, before: Date, dispatch: (events: FileEvent[]) => Promise<string[]>) => {
      claims.push({ limit, olderThanMs: Date.now() - before.getTime() });
      const batch = (options.pending ?? []).filter((e) => !marked.includes(e.id)).slice(0, limit);
      marked.push(...(await dispatch(batch)));
      return batch.length;
    }),
  };
  const starter = {
    startEvent: jest.fn(async (e: FileEvent, webhooks: IndexedWebhook[]) => {
      starting += 1;
      mostStarting = Math.max(mostStarting, starting);
      // A start takes a turn of the event loop, so the ones let through at once overlap.
      await new Promise((resolve) => setImmediate(resolve));
      starting -= 1;
      if (options.startFails) throw new Error('connection refused');
      started.push(e.path);
      expected[e.path] = webhooks.map((webhook) => `${webhook.id}:${webhook.targetType}`);
    }),
  };
  const subscriptions = {
    subscribers: (e: FileEvent) => {
      if (options.indexUnknown) throw new SubscriptionsUnknownError();
      return ROUTES[e.path];
    },
  };
  const digests = {
    add: jest.fn(async (webhook: IndexedWebhook, e: FileEvent) => {
      if (options.digestFails) throw new Error('signal refused');
      digested.push(`${webhook.id}:${e.path}`);
    }),
    flush: jest.fn(async () => undefined),
  };
  const relay = new EventRelayService(
    outbox as unknown as FileEventOutbox,
    starter as unknown as FileEventWorkflowStarter,
    subscriptions as unknown as SubscriptionIndex,
    digests as unknown as DigestSignals,
  );
  return { relay, outbox, starter, marked, started, expected, digested, digests, claims, mostStarting: () => mostStarting };
}

describe('EventRelayService', () => {
  it('feeds digests, starts a workflow only for direct subscribers or a version, and marks each event dispatched', async () => {
    const { relay, marked, started, expected, digested } = relayWith();
    const events = ['digest-only.jar', 'direct.jar', 'version.jar', 'nobody.jar'].map((path) => event(path));
    for (const e of events) relay.dispatchSoon(e);
    await relay.onApplicationShutdown();
    expect(started.sort()).toEqual(['direct.jar', 'version.jar']);
    // The direct subscribers are named at the start; the digesting one is not the workflow's.
    expect(expected).toEqual({ 'direct.jar': ['wh_json:json'], 'version.jar': [] });
    expect(digested.sort()).toEqual(['wh_digest:digest-only.jar', 'wh_digest:direct.jar']);
    expect(marked.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('starts a targeted event for its webhook without asking the index', async () => {
    const { relay, started, expected, marked } = relayWith({ indexUnknown: true });
    const test = event('.herald/webhook-test', { type: 'webhook.test', targetWebhookId: 'wh_json' });
    relay.dispatchSoon(test);
    await relay.onApplicationShutdown();
    expect(started).toEqual(['.herald/webhook-test']);
    expect(expected).toEqual({ '.herald/webhook-test': [] });
    expect(marked).toEqual([test.id]);
  });

  it('leaves an event in the outbox while the index is unknown or Temporal refuses its start or its digest signal', async () => {
    for (const options of [{ indexUnknown: true }, { startFails: true }, { digestFails: true }]) {
      const { relay, marked } = relayWith(options);
      relay.dispatchSoon(event('direct.jar'));
      await relay.onApplicationShutdown();
      expect(marked).toEqual([]);
    }
  });

  it('sweeps a batch: sends its digest events at once and marks only what went', async () => {
    const pending = [event('digest-only.jar'), event('direct.jar'), event('nobody.jar')];
    const { relay, marked, digests } = relayWith({ startFails: true, pending });
    await relay.sweep();
    expect(digests.flush).toHaveBeenCalled();
    expect(marked.sort()).toEqual([pending[0].id, pending[2].id].sort());
  });

  it('marks a burst of dispatched events in one statement', async () => {
    const { relay, outbox, marked } = relayWith();
    const events = Array.from({ length: 5 }, () => event('nobody.jar'));
    for (const e of events) relay.dispatchSoon(e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outbox.markDispatched).toHaveBeenCalledTimes(1);
    expect(marked.sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('sweeps events older than five seconds only, 200 at a time, until a batch comes back short', async () => {
    const pending = Array.from({ length: 450 }, () => event('version.jar'));
    const { relay, marked, claims } = relayWith({ pending });
    await relay.sweep();
    expect(marked).toHaveLength(450);
    expect(claims.map((claim) => claim.limit)).toEqual([200, 200, 200]);
    // Younger events are dispatchSoon's: a sweep that took them too would start them twice.
    for (const { olderThanMs } of claims) {
      expect(olderThanMs).toBeGreaterThanOrEqual(5_000);
      expect(olderThanMs).toBeLessThan(5_500);
    }
  });

  it('runs eight starts at once during a sweep', async () => {
    const pending = Array.from({ length: 30 }, () => event('version.jar'));
    const { relay, marked, mostStarting } = relayWith({ pending });
    await relay.sweep();
    expect(mostStarting()).toBe(8);
    expect(marked).toHaveLength(30);
  });

  it('stops a sweep at a refused start: only the starts already under way are tried, and no further batch is claimed', async () => {
    const pending = Array.from({ length: 450 }, () => event('version.jar'));
    const { relay, starter, marked, claims } = relayWith({ startFails: true, pending });
    await relay.sweep();
    expect(claims).toHaveLength(1);
    // The eight lanes' first starts; a lane that frees its slot after a refusal lets nothing else through.
    expect(starter.startEvent.mock.calls.length).toBe(8);
    expect(marked).toEqual([]);
  });

  it('logs an outage once, and its end', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const options = { startFails: true, pending: [event('version.jar')] };
      const { relay, marked } = relayWith(options);
      await relay.sweep();
      await relay.sweep();
      expect(warn).toHaveBeenCalledTimes(1);
      options.startFails = false;
      await relay.sweep();
      expect(marked).toEqual([options.pending[0].id]);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('dispatched again'));
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
