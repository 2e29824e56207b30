import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@herald/config';
import { MailHealthAnnouncer, healthMail } from './health-mail';

describe('health announcements', () => {
  const notice = { webhookId: 'wh_1', repository: 'libs-release', consecutiveFailures: 4, pausedUntil: new Date('2026-11-28T22:01:00Z'), to: 'ops@example.com' };

  it('says what happened, until when, and how to resume and recover', () => {
    const paused = healthMail({ ...notice, change: 'paused' }, 'https://herald.example.com');
    expect(paused.subject).toBe('Herald: webhook wh_1 (libs-release) is paused');
    expect(paused.text).toContain('failed 4 deliveries in a row');
    expect(paused.text).toContain('until 2026-11-28T22:01:00.000Z');
    expect(paused.text).toContain('PATCH https://herald.example.com/api/v1/webhooks/wh_1 {"active": true}');
    expect(paused.text).toContain('POST https://herald.example.com/api/v1/webhooks/wh_1/recover');
    expect(healthMail({ ...notice, change: 'disabled', consecutiveFailures: 40, pausedUntil: null }, 'https://h').text).toContain('until an admin re-enables it');
    expect(healthMail({ ...notice, change: 'recovered' }, 'https://h').subject).toContain('is delivering again');
  });

  it('keeps the SMTP password out of a failure', async () => {
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-health-mail-')), SMTP_URL: 'smtp://herald:pa%24%24word-9f@127.0.0.1:1', HERALD_ATTEMPT_TIMEOUT: '2s' });
    const announcer = new MailHealthAnnouncer({ ...config, mail: { ...config.mail, smtpUrl: config.mail.smtpUrl! } });
    try {
      const failure = await announcer.announce({ ...notice, change: 'paused' }).then(() => null, (error: Error) => error);
      expect(failure?.message).toMatch(/^the health announcement was not sent: /);
      expect(failure?.message).not.toContain('pa$$word-9f');
      expect(failure?.message).not.toContain('pa%24%24word-9f');
    } finally {
      announcer.onApplicationShutdown();
    }
  });
});
