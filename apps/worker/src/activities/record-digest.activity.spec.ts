import type { RecordDigestInput } from '@herald/contracts';
import type { ComposedEventStore } from './composed-event-store';
import { webhookRow } from './fake-ports';
import { digestPath, recordDigestActivity } from './record-digest.activity';

const NOW = new Date('2026-12-01T12:00:00Z');
const window = { repository: 'libs', windowStart: '2026-12-01T11:00:00.000Z', windowEnd: '2026-12-01T12:00:00.000Z', eventCount: 2, files: [] } as unknown as RecordDigestInput['window'];

function fakeEvents(webhook = webhookRow({ digest: { windowMinutes: 60 } as never })): jest.Mocked<ComposedEventStore> {
  return { webhook: jest.fn().mockResolvedValue(webhook), storedFiles: jest.fn().mockResolvedValue([]), recordOnce: jest.fn().mockResolvedValue(undefined) };
}

describe('recordDigest', () => {
  it('records the window once as a file.digest for its webhook, under an id that a retry finds again', async () => {
    const events = fakeEvents();
    const record = recordDigestActivity({ events, now: () => NOW });
    const first = await record({ webhookId: 'wh_1', window });
    const again = await record({ webhookId: 'wh_1', window });
    expect(first).toEqual({ event: { eventId: expect.stringMatching(/^dig_/), eventType: 'file.digest', repository: 'libs', path: digestPath('wh_1'), webhookId: 'wh_1' }, stop: false });
    expect(again.event!.eventId).toBe(first.event!.eventId);
    expect(events.recordOnce).toHaveBeenCalledWith(expect.objectContaining({ id: first.event!.eventId, type: 'file.digest', targetWebhookId: 'wh_1', occurredAt: new Date(window.windowEnd), dispatchedAt: NOW, payload: { id: first.event!.eventId, ...window } }));
  });

  it("keeps each webhook's windows apart: another webhook or another window start is another event", async () => {
    const events = fakeEvents();
    const record = recordDigestActivity({ events, now: () => NOW });
    const id = async (webhookId: string, windowStart: string) => (await record({ webhookId, window: { ...window, windowStart } })).event!.eventId;
    const mine = await id('wh_1', window.windowStart);
    expect(await id('wh_2', window.windowStart)).not.toBe(mine);
    expect(await id('wh_1', '2026-12-01T11:30:00.000Z')).not.toBe(mine);
  });

  it('derives the id from the window, not from when a retry runs', async () => {
    let now = NOW;
    const record = recordDigestActivity({ events: fakeEvents(), now: () => now });
    const first = await record({ webhookId: 'wh_1', window });
    now = new Date(NOW.getTime() + 60_000);
    const retried = await record({ webhookId: 'wh_1', window });
    expect(retried.event!.eventId).toBe(first.event!.eventId);
  });

  it('stops the digest workflow of a deleted webhook, or of one that no longer digests', async () => {
    expect(await recordDigestActivity({ events: fakeEvents(null as never), now: () => NOW })({ webhookId: 'wh_1', window })).toEqual({ event: null, stop: true });
    expect((await recordDigestActivity({ events: fakeEvents(webhookRow({ digest: null })), now: () => NOW })({ webhookId: 'wh_1', window })).stop).toBe(true);
  });
});
