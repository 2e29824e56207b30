import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-config-')), ...extra };
}

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const vars = env();
    const config = loadConfig(vars);
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ dialect: 'sqlite', file: join(vars.DATA_DIR, 'herald.sqlite') });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', uiUrl: 'http://localhost:8233', taskQueue: 'herald-notifications' });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.admin).toEqual({ username: 'admin', password: null });
    expect(config.mail).toEqual({ smtpUrl: null, from: 'Herald <herald@localhost>', dropDir: join(vars.DATA_DIR, 'mail') });
    expect(config.targets).toEqual({ allowPrivate: false, slackUrlPrefix: 'https://hooks.slack.com/services/' });
    expect(config.delivery.retryScheduleMs).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(config.delivery.attemptTimeoutMs).toBe(15_000);
    expect(config.publishQuietMs).toBe(10_000);
    expect(config.maxUploadBytes).toBe(2 * 1024 ** 3);
  });

  it('ends idle portal sessions after 30 minutes unless HERALD_SESSION_IDLE says otherwise, with Secure cookies behind an https public URL', () => {
    expect(loadConfig(env()).portal).toEqual({ sessionIdleMs: 1_800_000, secureCookies: false });
    expect(loadConfig(env({ HERALD_SESSION_IDLE: '2s', HERALD_PUBLIC_URL: 'https://herald.example.com' })).portal).toEqual({ sessionIdleMs: 2_000, secureCookies: true });
  });

  it('follows PORT into the default public URL', () => {
    expect(loadConfig(env({ PORT: '9090' })).publicUrl).toBe('http://localhost:9090');
  });

  it('serves worker metrics on 9464 unless HERALD_WORKER_METRICS_PORT names another port, 0 (any) or off', () => {
    expect(loadConfig(env()).workerMetricsPort).toBe(9464);
    expect(loadConfig(env({ HERALD_WORKER_METRICS_PORT: '0' })).workerMetricsPort).toBe(0);
    expect(loadConfig(env({ HERALD_WORKER_METRICS_PORT: 'OFF' })).workerMetricsPort).toBeNull();
  });

  it('collects blobs hourly with an hour of grace unless HERALD_BLOB_GC_EVERY / HERALD_BLOB_GC_GRACE say otherwise; a grace of 0 is allowed', () => {
    expect(loadConfig(env()).blobGc).toEqual({ everyMs: 3_600_000, graceMs: 3_600_000 });
    expect(loadConfig(env({ HERALD_BLOB_GC_EVERY: '15m', HERALD_BLOB_GC_GRACE: '2d' })).blobGc).toEqual({ everyMs: 900_000, graceMs: 172_800_000 });
    expect(loadConfig(env({ HERALD_BLOB_GC_GRACE: '0' })).blobGc.graceMs).toBe(0);
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    const url = 'postgres://herald:secret@db:5432/herald';
    expect(loadConfig(env({ DATABASE_URL: url })).database).toEqual({ dialect: 'postgresql', url });
  });

  it('generates the secret key once into DATA_DIR and reuses it', () => {
    const vars = env();
    const first = loadConfig(vars).secretKey;
    expect(first).toHaveLength(32);
    expect(Buffer.from(readFileSync(join(vars.DATA_DIR, 'secret.key'), 'utf8'), 'base64')).toEqual(first);
    expect(loadConfig(vars).secretKey).toEqual(first);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db/herald'],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233'],
    ['TEMPORAL_UI_URL', 'not a url'],
    ['HERALD_PUBLIC_URL', 'ftp://example.com'],
    ['SMTP_URL', 'http://mail:25'],
    ['MAIL_FROM', 'Herald <herald@localhost>\r\nBcc: x@example.com'],
    ['HERALD_ALLOW_PRIVATE_TARGETS', 'maybe'],
    ['HERALD_SLACK_URL_PREFIX', 'hooks.slack.com'],
    ['HERALD_RETRY_SCHEDULE', '5s,soon'],
    ['HERALD_ATTEMPT_TIMEOUT', '0s'],
    ['HERALD_PUBLISH_QUIET', '2d'],
    ['HERALD_MAX_UPLOAD', 'lots'],
    ['HERALD_SECRET_KEY', 'dG9vIHNob3J0'],
    ['HERALD_ADMIN_PASSWORD', 'short'],
    ['HERALD_ADMIN_USER', 'bad user'],
    ['HERALD_ADMIN_USER', '..'],
    ['HERALD_WORKER_METRICS_PORT', 'none'],
    ['HERALD_BLOB_GC_EVERY', '0s'],
    ['HERALD_BLOB_GC_EVERY', 'hourly'],
    ['HERALD_BLOB_GC_GRACE', '-1h'],
    ['HERALD_SESSION_IDLE', '9h'],
  ])('refuses a bad %s with a message naming it', (variable, value) => {
    let error: unknown;
    try {
      loadConfig(env({ [variable]: value }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `));
  });

  it.each([
    ['HERALD_ADMIN_PASSWORD', 'pw1'],
    ['HERALD_SECRET_KEY', 'c2VjcmV0LWtleS12YWx1ZQ=='],
    ['SMTP_URL', 'http://user:hunter2@mail:25'],
    ['DATABASE_URL', 'mysql://user:hunter2@db/herald'],
  ])('never echoes a rejected %s into the message', (variable, value) => {
    expect(() => loadConfig(env({ [variable]: value }))).toThrow(ConfigError);
    try {
      loadConfig(env({ [variable]: value }));
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('accepts an empty retry schedule: a single attempt', () => {
    expect(loadConfig(env({ HERALD_RETRY_SCHEDULE: '' })).delivery.retryScheduleMs).toEqual([]);
  });
});
