import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { MetricsService } from '../health/metrics.service';
import type { FileEventOutbox, OutboxBacklog } from './file-event-outbox';
import { OutboxMetrics } from './outbox-metrics';

/** The gauges as a scrape reads them: name → value. */
async function scrape(registry: Registry): Promise<Record<string, number>> {
  const metrics = await registry.getMetricsAsJSON();
  return Object.fromEntries(metrics.map((metric) => [metric.name, Number(metric.values[0]?.value)]));
}

function metricsWith(backlog: () => Promise<OutboxBacklog>) {
  const registry = new Registry();
  const outbox = { backlog: jest.fn(backlog) };
  new OutboxMetrics({ registry } as MetricsService, outbox as unknown as FileEventOutbox);
  return { registry, outbox };
}

describe('OutboxMetrics', () => {
  it('answers both gauges of a scrape from one read of the backlog, and reads afresh at the next scrape', async () => {
    let waiting = 7;
    const { registry, outbox } = metricsWith(async () => ({ events: waiting, oldestSeconds: 42.5 }));
    expect(await scrape(registry)).toEqual({ herald_outbox_backlog: 7, herald_outbox_oldest_seconds: 42.5 });
    expect(outbox.backlog).toHaveBeenCalledTimes(1);
    waiting = 0;
    expect((await scrape(registry)).herald_outbox_backlog).toBe(0);
    expect(outbox.backlog).toHaveBeenCalledTimes(2);
  });

  it('shows NaN while the database does not answer, without failing the scrape', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      let answers = false;
      const { registry } = metricsWith(async () => {
        if (!answers) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return { events: 3, oldestSeconds: 1 };
      });
      expect(await scrape(registry)).toEqual({ herald_outbox_backlog: NaN, herald_outbox_oldest_seconds: NaN });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('ECONNREFUSED'));
      answers = true;
      expect(await scrape(registry)).toEqual({ herald_outbox_backlog: 3, herald_outbox_oldest_seconds: 1 });
    } finally {
      warn.mockRestore();
    }
  });
});
