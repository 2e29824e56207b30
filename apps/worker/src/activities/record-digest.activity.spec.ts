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

  it('stops the digest workflow of a deleted webhook, or of one that no longer digests', async () => {
    expect(await recordDigestActivity({ events: fakeEvents(null as never), now: () => NOW })({ webhookId: 'wh_1', window })).toEqual({ event: null, stop: true });
    expect((await recordDigestActivity({ events: fakeEvents(webhookRow({ digest: null })), now: () => NOW })({ webhookId: 'wh_1', window })).stop).toBe(true);
  });
});
