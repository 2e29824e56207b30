import { postgresReachable } from '../support/databases';
import { createEmailWebhook, createRepository, deliveriesOf, upload, type DeliveryView } from './support/admin';
import { waitUntil } from '../support/timing';
import { ADMIN_AUTH, BuiltStack, ensureBuilt } from './support/built-stack';
import { report } from './support/report';
import { ScriptedSmtp } from './support/scripted-smtp';

const ATTEMPT_TIMEOUT_MS = 2_000;
const ATTEMPT_MARGIN_MS = 2_000;

jest.setTimeout(240_000);

/**
 * Scenario 6: a mail server that greets later than HERALD_ATTEMPT_TIMEOUT (retried), answers
 * 421 then 250 (retried, then delivered), or 550 (failed, its reply kept in the attempt).
 */
describe('faults: SMTP that greets slowly, defers or rejects', () => {
  let stack: BuiltStack;
  let smtp: ScriptedSmtp;
  let uploads = 0;

  beforeAll(async () => {
    ensureBuilt();
    smtp = await ScriptedSmtp.start();
    const dialect = (await postgresReachable()) ? 'postgresql' : 'sqlite';
    stack = await BuiltStack.create({
      name: '6-smtp',
      dialect,
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, HERALD_ATTEMPT_TIMEOUT: `${ATTEMPT_TIMEOUT_MS}ms`, HERALD_RETRY_SCHEDULE: '1s,1s,1s' },
    });
    await stack.startApi();
    await stack.startWorker();
  });

  afterAll(async () => {
    await stack?.stop();
    await smtp?.stop();
  });

  /** A repository whose one webhook mails `to`, and one upload into it; resolves to its ended delivery. */
  async function mailOneEvent(repository: string, to: string): Promise<DeliveryView> {
    await createRepository(stack.port, repository);
    const webhookId = await createEmailWebhook(stack.port, repository, to);
    uploads += 1;
    const answer = await upload(stack.port, ADMIN_AUTH, repository, `com/example/mail/${uploads}/mail-${uploads}.jar`, `mail artifact ${uploads}`, `herald-faults/smtp/${uploads}`);
    expect(answer.status).toBe(201);
    let delivery: DeliveryView | undefined;
    const done = await waitUntil(async () => {
      [delivery] = await deliveriesOf(stack.port, webhookId);
      return delivery?.status === 'succeeded' || delivery?.status === 'failed';
    }, 90_000, 500);
    if (!done) throw new Error(`the mail to ${to} did not end: ${JSON.stringify(delivery)}\n${stack.logs()}`);
    return delivery!;
  }

  it('retries a slow greeting and a 421, and ends a 550 as failed with the reply recorded', async () => {
    // First, alone: the next connection is the slow one (the pool holds none yet).
    smtp.greetingDelaysMs.push(ATTEMPT_TIMEOUT_MS + 2_000);
    const slow = await mailOneEvent('mail-slow', 'slow@example.com');
    smtp.rcptReplies.set('defer@example.com', [{ code: 421, message: 'Service not available, try again later' }]);
    smtp.rcptReplies.set('reject@example.com', [{ code: 550, message: 'Mailbox unavailable' }]);
    const [deferred, rejected] = await Promise.all([mailOneEvent('mail-defer', 'defer@example.com'), mailOneEvent('mail-reject', 'reject@example.com')]);

    const summary = (delivery: DeliveryView) => ({
      status: delivery.status,
      attempts: (delivery.attempts ?? []).map((attempt) => `${attempt.number}: ${attempt.statusCode ?? '-'} ${attempt.error ?? attempt.responseBody ?? ''} (${attempt.durationMs} ms)`),
    });
    report('6-smtp', {
      dialect: stack.database.label,
      injected: `greeting held back ${ATTEMPT_TIMEOUT_MS + 2_000} ms (HERALD_ATTEMPT_TIMEOUT ${ATTEMPT_TIMEOUT_MS} ms); RCPT answered 421 once, then 250; RCPT answered 550`,
      slowGreeting: summary(slow),
      deferred: summary(deferred),
      rejected: summary(rejected),
      mailsAccepted: Object.fromEntries(smtp.delivered),
      smtpConnections: smtp.connections,
    });

    const [slowFirst, slowSecond] = slow.attempts ?? [];
    expect(slow).toMatchObject({ status: 'succeeded', attemptCount: 2, lastStatusCode: 250 });
    expect(slowFirst.error).toMatch(/timed out|timeout/i);
    expect(slowFirst.durationMs).toBeLessThanOrEqual(ATTEMPT_TIMEOUT_MS + ATTEMPT_MARGIN_MS);
    expect(slowSecond.statusCode).toBe(250);

    expect(deferred).toMatchObject({ status: 'succeeded', attemptCount: 2, lastStatusCode: 250 });
    expect(deferred.attempts?.map((attempt) => attempt.statusCode)).toEqual([421, 250]);

    expect(rejected).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 550 });
    expect(rejected.attempts?.[0].responseBody).toMatch(/^550\b.*Mailbox unavailable/);

    expect(Object.fromEntries(smtp.delivered)).toEqual({ 'slow@example.com': 1, 'defer@example.com': 1 });
  });
});
