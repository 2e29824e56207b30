import { AuditEntry, Delivery, Webhook } from '@herald/persistence';
import { SmtpSink } from '../channels/smtp-sink';
import { dialectsForDescribe } from '../webhooks/helpers';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { api, createRepository, createWebhook, upload, type CreatedWebhook } from './helpers';

interface DeliveryBody {
  id: string;
  eventId: string;
  status: string;
  attemptCount: number;
}

describe.each(dialectsForDescribe())('endpoint health (%s)', (dialect) => {
  let stack: TestStack;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({ dialect, env: { HERALD_RETRY_SCHEDULE: '1s', SMTP_URL: sink.url() } });
  });

  afterAll(async () => {
    await stack?.stop();
    await sink?.stop();
  });

  const deliveriesOf = async (webhookId: string) => (await api<{ items: DeliveryBody[] }>(stack, 'GET', `/webhooks/${webhookId}/deliveries?limit=100`)).items;
  const failedCount = async (webhookId: string) => (await deliveriesOf(webhookId)).filter((delivery) => delivery.status === 'failed').length;

  it('pauses after 4 failed deliveries in a row, holds what comes next, and recovers it after an admin resumes', async () => {
    const since = new Date().toISOString();
    await createRepository(stack, 'flaky');
    const receiver = await Receiver.start(() => ({ status: 410, body: 'gone' }));
    try {
      const webhook = await createWebhook(stack, { repository: 'flaky', target: { type: 'json', url: receiver.url }, events: ['file.uploaded'] });
      for (let i = 1; i <= 4; i++) {
        await upload(stack, 'flaky', `app/${i}.jar`);
        await eventually(async () => (await failedCount(webhook.id)) === i, `failed delivery ${i}`);
      }
      const paused = await eventually(async () => {
        const view = await api<CreatedWebhook>(stack, 'GET', `/webhooks/${webhook.id}`);
        return view.health.status === 'paused' && view.health;
      }, 'the pause');
      expect(paused.consecutiveFailures).toBe(4);
      const pauseMs = Date.parse(paused.pausedUntil!) - Date.now();
      expect(pauseMs).toBeGreaterThan(30_000);
      expect(pauseMs).toBeLessThanOrEqual(60_000);
      const audit = await api<{ items: Array<{ action: string; actor: string | null; detail: Record<string, unknown> }> }>(stack, 'GET', `/webhooks/${webhook.id}/audit`);
      expect(audit.items[0]).toMatchObject({ action: 'webhook.auto_paused', actor: null, detail: { consecutiveFailures: 4, pausedUntil: paused.pausedUntil } });

      // While paused: the event is recorded as a failed delivery without an attempt, and nothing is sent.
      await upload(stack, 'flaky', 'app/5.jar');
      await eventually(async () => (await deliveriesOf(webhook.id)).length === 5, 'the held delivery');
      const [held] = await deliveriesOf(webhook.id);
      expect(held).toMatchObject({ status: 'failed', attemptCount: 0 });
      expect(receiver.requests).toHaveLength(4);

      const refused = await stack.request('POST', `/api/v1/webhooks/${webhook.id}/recover`, { body: { since } });
      expect(refused.status).toBe(409);

      receiver.respondWith(() => ({ status: 200, body: 'ok' }));
      const resumed = await api<CreatedWebhook>(stack, 'PATCH', `/webhooks/${webhook.id}`, { active: true });
      expect(resumed.health).toEqual({ status: 'healthy', consecutiveFailures: 0, pausedUntil: null });

      const failedEvents = (await deliveriesOf(webhook.id)).map((delivery) => delivery.eventId).sort();
      const recovered = await stack.request('POST', `/api/v1/webhooks/${webhook.id}/recover`, { body: { since } });
      expect(recovered.status).toBe(202);
      const { deliveryIds } = (await recovered.json()) as { deliveryIds: string[] };
      expect(deliveryIds).toHaveLength(5);
      const requests = await receiver.waitFor(9, 60_000);
      expect(requests.slice(4).map((request) => request.headers['webhook-id']).sort()).toEqual(failedEvents);
      await eventually(async () => {
        const rows = await stack.orm.em.fork().find(Delivery, { id: { $in: deliveryIds } });
        return rows.every((row) => row.status === 'succeeded');
      }, 'the recovered deliveries');

      // Everything was delivered: a second recovery has nothing left to send.
      expect(await api(stack, 'POST', `/webhooks/${webhook.id}/recover`, { since })).toEqual({ deliveryIds: [] });
      const bad = await stack.request('POST', `/api/v1/webhooks/${webhook.id}/recover`, { body: { since: 'yesterday' } });
      expect(bad.status).toBe(400);
    } finally {
      await receiver.stop();
    }
  }, 180_000);

  it('disables at the 40th failure in a row until active is set again, and mails an email target', async () => {
    await createRepository(stack, 'mail');
    const webhook = await createWebhook(stack, { repository: 'mail', target: { type: 'email', to: 'builds@example.com' }, events: ['file.uploaded'] });
    // 39 failures in a row, the last pause over: as the worker would have left it after a day of them.
    await stack.orm.em.fork().nativeUpdate(Webhook, { id: webhook.id }, { consecutiveFailures: 39, pausedUntil: new Date(Date.now() - 1_000) });
    sink.reject = { at: 'rcpt', code: 550, message: 'No such mailbox', times: 1 };

    await upload(stack, 'mail', 'lib/40.jar');
    const disabled = await eventually(async () => {
      const view = await api<CreatedWebhook>(stack, 'GET', `/webhooks/${webhook.id}`);
      return view.health.status === 'disabled' && view.health;
    }, 'the webhook disabled');
    expect(disabled).toEqual({ status: 'disabled', consecutiveFailures: 40, pausedUntil: null });
    const entries = await stack.orm.em.fork().find(AuditEntry, { subjectId: webhook.id, action: 'webhook.auto_disabled' });
    expect(entries).toHaveLength(1);
    expect(entries[0].actor).toBeNull();

    const [mail] = await sink.waitFor(1, 30_000);
    expect(mail.envelope.to).toEqual(['builds@example.com']);
    expect(mail.parsed.subject).toBe(`Herald: webhook ${webhook.id} (mail) is disabled`);
    expect(mail.parsed.text).toContain('failed 40 deliveries in a row');
    expect(mail.parsed.text).toContain(`/api/v1/webhooks/${webhook.id}/recover`);

    // Disabled stays disabled, however long: the next event is held, not sent.
    await upload(stack, 'mail', 'lib/41.jar');
    await eventually(async () => (await deliveriesOf(webhook.id)).length === 2, 'the held delivery');
    expect((await deliveriesOf(webhook.id))[0]).toMatchObject({ status: 'failed', attemptCount: 0 });
    expect(sink.mails).toHaveLength(1);

    const resumed = await api<CreatedWebhook>(stack, 'PATCH', `/webhooks/${webhook.id}`, { active: true });
    expect(resumed.health).toEqual({ status: 'healthy', consecutiveFailures: 0, pausedUntil: null });
    await upload(stack, 'mail', 'lib/42.jar');
    await sink.waitFor(2, 30_000);
    expect(sink.mails[1].parsed.subject).toContain('lib/42.jar');
  }, 180_000);
});
