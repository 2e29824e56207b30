import type { INestApplication } from '@nestjs/common';
import { FileEvent } from '@herald/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { FileEventOutbox } from '../../apps/api/src/relay/file-event-outbox';
import { TestStack } from '../support/stack';
import { dialectsForDescribe } from '../webhooks/helpers';
import { sample, scrape } from './prometheus-text';

jest.setTimeout(60_000);

const MINUTE = 60_000;

describe.each(dialectsForDescribe())('the outbox gauges of /metrics (%s)', (dialect) => {
  let stack: TestStack;
  let replica: INestApplication | null = null;
  const waiting: string[] = [];

  async function recordEvents(count: number, ageMs: number, dispatched: boolean): Promise<string[]> {
    const em = stack.orm.em.fork();
    const occurredAt = new Date(Date.now() - ageMs);
    const events = Array.from({ length: count }, (_, n) =>
      em.create(FileEvent, { type: 'file.uploaded', repository: 'libs-gauges', path: `waiting/${ageMs}/${n}.jar`, name: `${n}.jar`, occurredAt, dispatchedAt: dispatched ? occurredAt : null }),
    );
    await em.flush();
    return events.map((event) => event.id);
  }

  beforeAll(async () => {
    // Temporal out of reach (port 9, nothing listens): the relay tries, and nothing leaves the outbox.
    stack = await TestStack.start({ dialect, worker: false, env: { TEMPORAL_ADDRESS: '127.0.0.1:9' } });
    await stack.request('POST', '/api/v1/repositories', { body: { name: 'libs-gauges' } });
    // Someone listens, so the relay's sweep owes every event a workflow start and cannot clear it.
    const webhook = await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'libs-gauges', target: { type: 'json', url: 'http://127.0.0.1:9/hook' }, events: ['file.uploaded'] } });
    expect(webhook.status).toBe(201);
  });

  afterAll(async () => {
    await replica?.close();
    await stack?.stop();
  });

  it('reads an empty outbox as 0 and 0', async () => {
    const text = await scrape(`${stack.baseUrl}/metrics`);
    expect(sample(text, 'herald_outbox_backlog')).toBe(0);
    expect(sample(text, 'herald_outbox_oldest_seconds')).toBe(0);
  });

  it('counts the events not yet handed to Temporal and ages the oldest, leaving dispatched ones out', async () => {
    await recordEvents(1, 30 * MINUTE, true);
    waiting.push(...(await recordEvents(3, 2 * MINUTE, false)), ...(await recordEvents(2, 0, false)));

    const text = await scrape(`${stack.baseUrl}/metrics`);
    expect(sample(text, 'herald_outbox_backlog')).toBe(5);
    const oldest = sample(text, 'herald_outbox_oldest_seconds')!;
    expect(oldest).toBeGreaterThanOrEqual(119);
    expect(oldest).toBeLessThan(150);
  });

  it('gives the same figure from another API process on the same database', async () => {
    replica = await createApiApp(stack.config);
    await replica.listen(0, '127.0.0.1');
    const port = (replica.getHttpServer().address() as { port: number }).port;
    const [here, there] = await Promise.all([scrape(`${stack.baseUrl}/metrics`), scrape(`http://127.0.0.1:${port}/metrics`)]);
    expect(sample(there, 'herald_outbox_backlog')).toBe(5);
    expect(sample(there, 'herald_outbox_backlog')).toBe(sample(here, 'herald_outbox_backlog'));
    expect(Math.abs(sample(there, 'herald_outbox_oldest_seconds')! - sample(here, 'herald_outbox_oldest_seconds')!)).toBeLessThan(2);
  });

  it('drops an event from both gauges once it is marked dispatched', async () => {
    await stack.api.get(FileEventOutbox).markDispatched(waiting.slice(0, 3));
    const text = await scrape(`${stack.baseUrl}/metrics`);
    expect(sample(text, 'herald_outbox_backlog')).toBe(2);
    expect(sample(text, 'herald_outbox_oldest_seconds')).toBeLessThan(30);
  });
});
