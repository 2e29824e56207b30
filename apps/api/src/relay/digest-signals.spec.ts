import { FileEvent } from '@herald/persistence';
import type { DigestEventsSignal, DigestWorkflowInput } from '@herald/contracts';
import type { IndexedWebhook } from '../subscriptions/subscription-index';
import { DigestSignals } from './digest-signals';
import type { FileEventWorkflowStarter } from './file-event-workflow.starter';

const webhook = (id: string, windowSeconds = 60): IndexedWebhook => ({ id, repository: 'libs', targetType: 'json', events: ['file.downloaded'], filters: null, digest: { windowSeconds } });

function event(n: number): FileEvent {
  return Object.assign(new FileEvent(), { type: 'file.downloaded', repository: 'libs', path: `a/${n}.jar`, name: `${n}.jar`, actorUsername: 'ci', occurredAt: new Date(1_800_000_000_000 + n) });
}

function starter(fail?: Error) {
  const sent: Array<[DigestWorkflowInput, DigestEventsSignal]> = [];
  const fake = {
    signalDigest: jest.fn(async (input: DigestWorkflowInput, signal: DigestEventsSignal) => {
      if (fail) throw fail;
      sent.push([input, signal]);
    }),
  };
  return { sent, fake: fake as unknown as FileEventWorkflowStarter };
}

describe('DigestSignals', () => {
  it('sends one signal per digest with every event gathered, and settles each add when it went', async () => {
    const { sent, fake } = starter();
    const digests = new DigestSignals(fake);
    const events = Array.from({ length: 12 }, (_, n) => event(n));
    const adds = events.map((e, n) => digests.add(n < 9 ? webhook('wh_a') : webhook('wh_b', 300), e));
    await digests.flush();
    await Promise.all(adds);
    expect(sent.map(([input, signal]) => [input.webhookId, signal.events.length])).toEqual([
      ['wh_a', 9],
      ['wh_b', 3],
    ]);
    expect(sent[1][1].events[0]).toEqual({ eventId: events[9].id, type: 'file.downloaded', path: 'a/9.jar', actor: 'ci', occurredAt: events[9].occurredAt.toISOString(), windowSeconds: 300 });
  });

  it('sends on its own after a short linger', async () => {
    const { sent, fake } = starter();
    await new DigestSignals(fake).add(webhook('wh_a'), event(1));
    expect(sent).toHaveLength(1);
  });

  it('splits a storm into signals of at most 500 events', async () => {
    const { sent, fake } = starter();
    const digests = new DigestSignals(fake);
    const adds = Array.from({ length: 1_201 }, (_, n) => digests.add(webhook('wh_a'), event(n)));
    await digests.flush();
    await Promise.all(adds);
    expect(sent.map(([, signal]) => signal.events.length)).toEqual([500, 500, 201]);
  });

  it('fails every add of a refused signal, so the events stay in the outbox', async () => {
    const { fake } = starter(new Error('Temporal is down'));
    const digests = new DigestSignals(fake);
    const adds = [digests.add(webhook('wh_a'), event(1)), digests.add(webhook('wh_a'), event(2))];
    await digests.flush();
    for (const add of adds) await expect(add).rejects.toThrow('Temporal is down');
  });
});
