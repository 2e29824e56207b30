import { ArtifactRepository, Delivery, DeliveryAttempt, FileEvent, SecretBox, Webhook } from '@herald/persistence';
import { TestStack } from '../support/stack';
import { eventually } from '../support/timing';
import { dialectsForDescribe } from '../webhooks/helpers';
import { SlackStandIn } from './slack-stand-in';
import { SmtpSink } from './smtp-sink';

// A cold worker on a shared CI machine takes seconds before its first workflow task.
jest.setTimeout(60_000);

const SMTP_LOGIN = { user: 'herald', pass: 'Smtp:Pa55/word-never-shown' };
const SLACK_SECRET = 'PipelineHookSecret42xyz';

/**
 * The history as text with every payload decoded (fetchHistory gives their bytes as base64), so a
 * secret in any input, result, failure or summary would show.
 */
function historyText(history: unknown): string {
  return JSON.stringify(history, (key, value: unknown) => {
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
    if (key === 'data' && typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
    return value;
  });
}

describe.each(dialectsForDescribe())('email and Slack through the whole pipeline (%s)', (dialect) => {
  let stack: TestStack;
  let sink: SmtpSink;
  let slack: SlackStandIn;
  let emailHook: Webhook;
  let slackHook: Webhook;

  beforeAll(async () => {
    sink = await SmtpSink.start({ auth: SMTP_LOGIN });
    slack = await SlackStandIn.start();
    stack = await TestStack.start({
      dialect,
      env: { SMTP_URL: sink.url(SMTP_LOGIN), MAIL_FROM: 'Herald <herald@example.com>', HERALD_SLACK_URL_PREFIX: slack.prefix, HERALD_ALLOW_PRIVATE_TARGETS: 'true', HERALD_RETRY_SCHEDULE: '1s' },
    });
    const em = stack.orm.em.fork();
    em.create(ArtifactRepository, { name: 'libs-release' });
    emailHook = em.create(Webhook, { repository: 'libs-release', targetType: 'email', targetAddress: 'ops@example.com', events: ['file.uploaded'] });
    slackHook = em.create(Webhook, {
      repository: 'libs-release',
      targetType: 'slack',
      targetAddress: null,
      targetSecretUrl: stack.api.get(SecretBox).seal(slack.hookUrl(SLACK_SECRET)),
      events: ['file.uploaded'],
    });
    await em.flush();
    await stack.webhooksChanged();
  });

  afterAll(async () => {
    await stack?.stop();
    await slack?.stop();
    await sink?.stop();
  });

  /** Uploads a file, waits for its workflow to finish, and returns the event's deliveries by target type. */
  async function upload(path: string): Promise<{ workflowId: string; email: Delivery; slack: Delivery }> {
    const put = await stack.request('PUT', `/repositories/libs-release/${path}`, { body: 'jar bytes', headers: { 'user-agent': 'Apache-Maven/3.9.6' } });
    expect(put.status).toBe(201);
    const deliveries = await deliveriesOf(path);
    await (await stack.temporalClient()).workflow.getHandle(deliveries[0].workflowId).result();
    const rows = await stack.orm.em.fork().find(Delivery, { id: { $in: deliveries.map((delivery) => delivery.id) } });
    return {
      workflowId: deliveries[0].workflowId,
      email: rows.find((row) => row.webhookId === emailHook.id)!,
      slack: rows.find((row) => row.webhookId === slackHook.id)!,
    };
  }

  /** The two deliveries of the upload of `path`, once the workflow has created them. */
  async function deliveriesOf(path: string): Promise<Delivery[]> {
    const both = async () => {
      const em = stack.orm.em.fork();
      const event = await em.findOne(FileEvent, { repository: 'libs-release', path, type: 'file.uploaded' });
      const deliveries = event ? await em.find(Delivery, { eventId: event.id }) : [];
      return deliveries.length === 2 && deliveries;
    };
    return eventually(both, `the deliveries of ${path}`, { timeoutMs: 30_000, everyMs: 50 });
  }

  it('mails and posts an upload, recording each attempt, with no secret in the workflow history', async () => {
    const result = await upload('com/example/demo/1.0.0/demo-1.0.0.jar');

    const [mail] = await sink.waitFor(1);
    expect(mail.user).toBe(SMTP_LOGIN.user);
    expect(mail.envelope).toEqual({ from: 'herald@example.com', to: ['ops@example.com'] });
    expect(mail.parsed.subject).toBe('[Herald] file.uploaded libs-release com/example/demo/1.0.0/demo-1.0.0.jar');
    expect(mail.parsed.messageId).toBe(`<${result.email.eventId}.${emailHook.id}@herald>`);
    expect(mail.parsed.text).toContain(`Open the file: ${stack.baseUrl}/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar`);
    expect(mail.parsed.text).toContain('Apache-Maven/3.9.6');

    const [post] = await slack.waitFor(1);
    expect(slack.rejected).toEqual([]);
    expect(post.path).toBe(`/services/T0HERALD1/B0HERALD2/${SLACK_SECRET}`);
    expect(JSON.stringify(post.body.blocks)).toContain(`<${stack.baseUrl}/repositories/libs-release/com/example/demo/1.0.0/demo-1.0.0.jar|com/example/demo/1.0.0/demo-1.0.0.jar>`);

    expect(result.email).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 250 });
    expect(result.slack).toMatchObject({ status: 'succeeded', attemptCount: 1, lastStatusCode: 200 });
    const em = stack.orm.em.fork();
    const [slackAttempt] = await em.find(DeliveryAttempt, { delivery: result.slack.id });
    expect(slackAttempt).toMatchObject({ number: 1, statusCode: 200, responseBody: 'ok', error: null });

    const history = historyText(await (await stack.temporalClient()).workflow.getHandle(result.workflowId).fetchHistory());
    expect(history).toContain(result.slack.id);
    for (const secret of [SLACK_SECRET, slack.hookUrl(SLACK_SECRET), 'T0HERALD1/B0HERALD2', SMTP_LOGIN.pass, encodeURIComponent(SMTP_LOGIN.pass)]) {
      expect(history).not.toContain(secret);
    }

    const answer = await (await stack.request('GET', `/api/v1/webhooks/${slackHook.id}`)).text();
    expect(answer).not.toContain(SLACK_SECRET);
  });

  it('ends an email delivery as failed on a 550, with the reply in the attempt record', async () => {
    sink.reject = { at: 'rcpt', code: 550, message: 'Mailbox unavailable: ops@example.com does not exist' };
    try {
      const result = await upload('com/example/demo/1.0.1/demo-1.0.1.jar');

      expect(result.email).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 550 });
      expect(result.slack).toMatchObject({ status: 'succeeded' });
      const em = stack.orm.em.fork();
      const attempts = await em.find(DeliveryAttempt, { delivery: result.email.id });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ number: 1, statusCode: 550, errorClass: 'PermanentDeliveryError' });
      expect(attempts[0].error).toContain('550 Mailbox unavailable: ops@example.com does not exist');
      expect(attempts[0].responseBody).toContain('550 Mailbox unavailable: ops@example.com does not exist');
      const view = (await (await stack.request('GET', `/api/v1/deliveries/${result.email.id}`)).json()) as { status: string; attempts: Array<{ statusCode: number; error: string }> };
      expect(view.status).toBe('failed');
      expect(view.attempts[0]).toMatchObject({ statusCode: 550, error: expect.stringContaining('550 Mailbox unavailable') });

      const history = historyText(await (await stack.temporalClient()).workflow.getHandle(result.workflowId).fetchHistory());
      expect(history).toContain('550 Mailbox unavailable');
      for (const secret of [SLACK_SECRET, SMTP_LOGIN.pass, encodeURIComponent(SMTP_LOGIN.pass)]) expect(history).not.toContain(secret);
    } finally {
      sink.reject = null;
    }
  });

  it('retries a 450 and delivers once the mailbox answers again', async () => {
    sink.reject = { at: 'rcpt', code: 450, message: 'Mailbox busy, try later', times: 1 };
    const result = await upload('com/example/demo/1.0.2/demo-1.0.2.jar');

    expect(result.email).toMatchObject({ status: 'succeeded', attemptCount: 2, lastStatusCode: 250 });
    const attempts = await stack.orm.em.fork().find(DeliveryAttempt, { delivery: result.email.id }, { orderBy: { number: 'asc' } });
    expect(attempts.map((attempt) => [attempt.number, attempt.statusCode, attempt.errorClass])).toEqual([
      [1, 450, 'RetryableDeliveryError'],
      [2, 250, null],
    ]);
    expect(attempts[0].error).toContain('450 Mailbox busy, try later');
    expect(sink.mails.at(-1)?.parsed.messageId).toBe(`<${result.email.eventId}.${emailHook.id}@herald>`);
  });

  it('test-fires both webhooks through the same pipeline', async () => {
    const mailsBefore = sink.mails.length;
    const postsBefore = slack.posts.length;
    for (const webhook of [emailHook, slackHook]) {
      const answer = await stack.request('POST', `/api/v1/webhooks/${webhook.id}/test`);
      expect(answer.status).toBe(202);
      const { deliveryId } = (await answer.json()) as { deliveryId: string };
      // The relay starts the workflow shortly after the 202: wait for the delivery row to settle.
      const ended = async () => ['succeeded', 'failed'].includes((await stack.orm.em.fork().findOneOrFail(Delivery, { id: deliveryId })).status);
      await eventually(ended, 'the test delivery to end', { timeoutMs: 30_000, everyMs: 50 });
      const view = await (await stack.request('GET', `/api/v1/deliveries/${deliveryId}`)).text();
      expect(JSON.parse(view)).toMatchObject({ status: 'succeeded', eventType: 'webhook.test' });
      expect(view).not.toContain(SLACK_SECRET);
    }

    const mails = await sink.waitFor(mailsBefore + 1);
    const test = mails[mailsBefore].parsed;
    expect(test.subject).toBe('[Herald] webhook.test libs-release');
    expect(test.text).toContain('No file changed');
    expect(test.text).toContain('By:');
    const posts = await slack.waitFor(postsBefore + 1);
    expect(posts[postsBefore].body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Test notification in libs-release' } });
  });
});
