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

function relayWith(options: { startFails?: boolean; indexUnknown?: boolean; pending?: FileEvent[] } = {}) {
  const marked: string[] = [];
  const started: string[] = [];
  /** The webhooks each start named in the workflow's search attributes, by path. */
  const expected: Record<string, string[]> = {};
  const digested: string[] = [];
  const outbox = {
    markDispatched: jest.fn(async (ids: string[]) => void marked.push(...ids)),
    claim: jest.fn(async (_limit: number, _before: Date, dispatch: (events: FileEvent[]) => Promise<string[]>) => {
      marked.push(...(await dispatch(options.pending ?? [])));
      return options.pending?.length ?? 0;
    }),
  };
  const starter = {
    startEvent: jest.fn(async (e: FileEvent, webhooks: IndexedWebhook[]) => {
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
  const digests = { add: jest.fn(async (webhook: IndexedWebhook, e: FileEvent) => void digested.push(`${webhook.id}:${e.path}`)), flush: jest.fn(async () => undefined) };
  const relay = new EventRelayService(
    outbox as unknown as FileEventOutbox,
    starter as unknown as FileEventWorkflowStarter,
    subscriptions as unknown as SubscriptionIndex,
    digests as unknown as DigestSignals,
  );
  return { relay, marked, started, expected, digested, digests };
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

  it('leaves an event in the outbox while the index is unknown or Temporal refuses it', async () => {
    for (const options of [{ indexUnknown: true }, { startFails: true }]) {
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
});
