import { Delivery } from '@herald/persistence';
import { HourlyDeliveriesUseCase } from '../../apps/api/src/portal/usecases/hourly-deliveries.usecase';
import { TestStack } from '../support/stack';
import { dialectsForDescribe } from '../webhooks/helpers';

jest.setTimeout(60_000);

/** The portal's chart query on each database: finished deliveries of the last 24 hours, per hour. */
describe.each(dialectsForDescribe())('the 24-hour delivery chart (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('counts succeeded and failed deliveries per hour of completion, this hour last, nothing older', async () => {
    const now = new Date(Date.UTC(2026, 10, 28, 22, 30));
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const em = stack.orm.em.fork();
    const delivery = (webhookId: string, status: Delivery['status'], completedAt: Date | null) =>
      em.create(Delivery, { webhookId, eventId: 'evt_chart', eventType: 'file.uploaded', workflowId: 'file-event-evt_chart', status, createdAt: completedAt ?? now, completedAt });
    delivery('wh_chart', 'succeeded', at(5));
    delivery('wh_chart', 'succeeded', at(20));
    delivery('wh_chart', 'failed', at(29));
    delivery('wh_chart', 'failed', at(31));
    delivery('wh_chart', 'succeeded', at(23 * 60 + 29));
    delivery('wh_chart', 'succeeded', at(23 * 60 + 31));
    delivery('wh_chart', 'pending', null);
    delivery('wh_chart', 'retrying', null);
    delivery('wh_other', 'succeeded', at(5));
    await em.flush();

    const hours = await stack.api.get(HourlyDeliveriesUseCase).execute({ webhookId: 'wh_chart', now });

    expect(hours).toHaveLength(24);
    expect(hours[23]).toEqual({ hour: new Date(Date.UTC(2026, 10, 28, 22)), succeeded: 2, failed: 1 });
    expect(hours[22]).toEqual({ hour: new Date(Date.UTC(2026, 10, 28, 21)), succeeded: 0, failed: 1 });
    expect(hours[0]).toEqual({ hour: new Date(Date.UTC(2026, 10, 27, 23)), succeeded: 1, failed: 0 });
    expect(hours.reduce((sum, hour) => sum + hour.succeeded + hour.failed, 0)).toBe(5);
  });
});
