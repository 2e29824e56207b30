import type { MavenCoordinates } from '@herald/contracts';
import type { Delivery } from '@herald/persistence';
import { deliveryRow, eventRow, fakeBox, fakeDeliveryStore, webhookRow } from './fake-ports';
import { resolveDeliveriesActivity } from './resolve-deliveries.activity';
import type { WorkflowSignals } from './workflow-signals';

const NOW = new Date('2026-12-01T12:00:00Z');
const delivery = { retryScheduleMs: [1_000], maxRetryAfterMs: 60_000, attemptTimeoutMs: 10_000 };
const config = { delivery, publishQuietMs: 30_000 } as Parameters<typeof resolveDeliveriesActivity>[0]['config'];
const maven: MavenCoordinates = { groupId: 'com.example', artifactId: 'demo', version: '1.0.0', classifier: null, extension: 'jar' };

function setUp(deliveries = fakeDeliveryStore()) {
  const signals: jest.Mocked<WorkflowSignals> = { toVersion: jest.fn().mockResolvedValue(undefined) };
  const resolve = resolveDeliveriesActivity({ deliveries, secretBox: fakeBox, signals, config, now: () => NOW });
  return { deliveries, signals, resolve };
}

describe('resolveDeliveries', () => {
  it('plans one delivery per subscribed webhook, holds a paused one, and labels targets without their paths', async () => {
    const event = eventRow();
    const live = webhookRow({ id: 'wh_live', targetAddress: 'https://ci.example.com/hooks/t0ken' });
    const paused = webhookRow({ id: 'wh_paused', pausedUntil: new Date(NOW.getTime() + 60_000) });
    const other = webhookRow({ id: 'wh_other', events: ['file.deleted'] });
    const { deliveries, resolve } = setUp(
      fakeDeliveryStore({
        loadEvent: jest.fn().mockResolvedValue(event),
        candidateWebhooks: jest.fn().mockResolvedValue([live, paused, other]),
        ensureDeliveries: jest.fn().mockResolvedValue([
          [live, deliveryRow({ id: 'dlv_live' })],
          [paused, deliveryRow({ id: 'dlv_paused', status: 'failed', completedAt: NOW })],
        ]),
      }),
    );
    const result = await resolve({ eventId: 'evt_1', workflowId: 'file-event-evt_1' });
    expect(deliveries.ensureDeliveries).toHaveBeenCalledWith({ event, workflowId: 'file-event-evt_1', deliver: [live], hold: [paused], at: NOW });
    expect(result).toEqual({ deliveries: [{ deliveryId: 'dlv_live', webhookId: 'wh_live', targetType: 'json', targetLabel: 'json ci.example.com' }], ...delivery });
  });

  it('delivers a targeted event to the webhook it names, whatever that webhook subscribes to', async () => {
    const event = eventRow({ type: 'webhook.test', path: '.herald/webhook-test', targetWebhookId: 'wh_1' });
    const named = webhookRow({ events: ['file.deleted'] });
    const { deliveries, resolve } = setUp(fakeDeliveryStore({ loadEvent: jest.fn().mockResolvedValue(event), candidateWebhooks: jest.fn().mockResolvedValue([named]) }));
    await resolve({ eventId: 'evt_1', workflowId: 'file-event-evt_1', webhookId: 'wh_1' });
    expect(deliveries.candidateWebhooks).toHaveBeenCalledWith(event, 'wh_1');
    expect(deliveries.ensureDeliveries).toHaveBeenCalledWith({ event, workflowId: 'file-event-evt_1', deliver: [named], hold: [], at: NOW });
  });

  it("redelivers the one delivery it is named, even when it ended", async () => {
    const webhook = webhookRow();
    const { resolve } = setUp(fakeDeliveryStore({ loadRedelivery: jest.fn().mockResolvedValue({ webhook, delivery: deliveryRow({ id: 'dlv_9' }) as Delivery }) }));
    const result = await resolve({ eventId: 'evt_1', workflowId: 'redeliver-dlv_9', deliveryId: 'dlv_9' });
    expect(result.deliveries.map((plan) => plan.deliveryId)).toEqual(['dlv_9']);
  });

  it('hands a Maven upload to its version workflow when a webhook wants the version announced', async () => {
    const event = eventRow({ path: 'com/example/demo/1.0.0/demo-1.0.0.jar', maven });
    const announcing = webhookRow({ events: ['maven.version.published'] });
    const { signals, resolve } = setUp(fakeDeliveryStore({ loadEvent: jest.fn().mockResolvedValue(event), candidateWebhooks: jest.fn().mockResolvedValue([announcing]) }));
    await resolve({ eventId: 'evt_1', workflowId: 'file-event-evt_1' });
    expect(signals.toVersion).toHaveBeenCalledWith(
      { repository: 'libs', maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' }, quietMs: 30_000 },
      { eventId: 'evt_1', path: event.path },
    );
  });

  it('plans nothing for an event that is gone', async () => {
    const { deliveries, resolve } = setUp();
    expect((await resolve({ eventId: 'evt_gone', workflowId: 'file-event-evt_gone' })).deliveries).toEqual([]);
    expect(deliveries.ensureDeliveries).not.toHaveBeenCalled();
  });
});
