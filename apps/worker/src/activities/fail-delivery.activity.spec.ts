import { MockActivityEnvironment } from '@temporalio/testing';
import { failDeliveryActivity } from './fail-delivery.activity';
import { fakeDeliveryStore, webhookRow } from './fake-ports';
import type { HealthAnnouncer } from './workflow-signals';

const NOW = new Date('2026-12-01T12:00:00Z');

describe('failDelivery', () => {
  const input = { deliveryId: 'dlv_1', reason: 'attempt 3/3 ended without an outcome' };

  it('ends the delivery through the store and announces a health change it caused', async () => {
    const webhook = webhookRow({ targetType: 'email', targetAddress: 'ops@example.com', consecutiveFailures: 40 });
    const deliveries = fakeDeliveryStore({ failDelivery: jest.fn().mockResolvedValue({ health: { webhook, change: 'disabled' } }) });
    const announcer: jest.Mocked<HealthAnnouncer> = { announce: jest.fn().mockResolvedValue(undefined) };
    await new MockActivityEnvironment().run(failDeliveryActivity({ deliveries, announcer, now: () => NOW }), input);
    expect(deliveries.failDelivery).toHaveBeenCalledWith('dlv_1', NOW);
    expect(announcer.announce).toHaveBeenCalledWith(expect.objectContaining({ webhookId: 'wh_1', change: 'disabled', consecutiveFailures: 40, to: 'ops@example.com' }));
  });

  it("mails no announcement of a JSON webhook's health change: only an email webhook's address is mailed", async () => {
    const webhook = webhookRow({ consecutiveFailures: 4 });
    const deliveries = fakeDeliveryStore({ failDelivery: jest.fn().mockResolvedValue({ health: { webhook, change: 'paused' } }) });
    const announcer: jest.Mocked<HealthAnnouncer> = { announce: jest.fn().mockResolvedValue(undefined) };
    await new MockActivityEnvironment().run(failDeliveryActivity({ deliveries, announcer, now: () => NOW }), input);
    expect(deliveries.failDelivery).toHaveBeenCalledWith('dlv_1', NOW);
    expect(announcer.announce).not.toHaveBeenCalled();
  });

  it('announces nothing for a delivery that had already ended, and survives a mail that fails', async () => {
    const announcer: jest.Mocked<HealthAnnouncer> = { announce: jest.fn().mockRejectedValue(new Error('smtp down')) };
    const ended = fakeDeliveryStore();
    await new MockActivityEnvironment().run(failDeliveryActivity({ deliveries: ended, announcer, now: () => NOW }), input);
    expect(announcer.announce).not.toHaveBeenCalled();

    const webhook = webhookRow({ targetType: 'email', targetAddress: 'ops@example.com' });
    const paused = fakeDeliveryStore({ failDelivery: jest.fn().mockResolvedValue({ health: { webhook, change: 'paused' } }) });
    await expect(new MockActivityEnvironment().run(failDeliveryActivity({ deliveries: paused, announcer, now: () => NOW }), input)).resolves.toBeUndefined();
    expect(announcer.announce).toHaveBeenCalledTimes(1);
  });
});
