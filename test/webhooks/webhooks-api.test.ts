import { activeSigningSecrets, Delivery, DeliveryAttempt, openTarget, SecretBox, Webhook } from '@herald/persistence';
import { basicAuth } from '../support/credentials';
import { TestStack } from '../support/stack';
import { createRepositories, createUser, dialectsForDescribe, json, type ErrorBody } from './helpers';

const SLACK_SECRET = 'xoxbSecretPart1234567890ab';
const SLACK_URL = `https://hooks.slack.com/services/T0123ABCD/B0456EFGH/${SLACK_SECRET}`;
const SLACK_MASKED = 'https://hooks.slack.com/services/T…/B…/****';
const DAY_MS = 24 * 60 * 60 * 1000;

interface WebhookBody {
  id: string;
  repository: string;
  target: { type: string; url?: string; to?: string };
  events: string[];
  description: string | null;
  active: boolean;
  filters: unknown;
  digest: unknown;
  health: { status: string; consecutiveFailures: number; pausedUntil: string | null };
  createdAt: string;
  updatedAt: string;
  secret?: string;
}

// Starting a stack (migrations, Nest, PostgreSQL) takes a while on a shared, busy machine.
jest.setTimeout(30_000);

describe.each(dialectsForDescribe())('webhook administration (%s)', (dialect) => {
  let stack: TestStack;
  let box: SecretBox;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, worker: false });
    box = stack.api.get(SecretBox);
    await createRepositories(stack, 'libs-release', 'libs-snapshot');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function create(body: Record<string, unknown>): Promise<WebhookBody> {
    const response = await stack.request('POST', '/api/v1/webhooks', { body });
    expect(response.status).toBe(201);
    return json<WebhookBody>(response);
  }

  async function stored(id: string): Promise<Webhook> {
    return stack.orm.em.fork().findOneOrFail(Webhook, { id });
  }

  async function rawRow(id: string): Promise<Record<string, unknown>> {
    const rows = await stack.orm.em.fork().getConnection().execute('select * from webhook where id = ?', [id]);
    return rows[0] as Record<string, unknown>;
  }

  async function auditActions(id: string): Promise<Array<{ action: string; actor: string | null; detail: Record<string, unknown> | null }>> {
    const response = await stack.request('GET', `/api/v1/webhooks/${id}/audit`);
    expect(response.status).toBe(200);
    return (await json<{ items: Array<{ action: string; actor: string | null; detail: Record<string, unknown> | null }> }>(response)).items;
  }

  it('creates a json webhook, answering its signing secret once and storing it encrypted', async () => {
    const created = await create({
      repository: 'libs-release',
      target: { type: 'json', url: 'https://ci.example.com/hooks/artifacts' },
      events: ['file.uploaded', 'file.deleted'],
      description: 'CI picks up new builds',
    });
    expect(created).toMatchObject({
      repository: 'libs-release',
      target: { type: 'json', url: 'https://ci.example.com/hooks/artifacts' },
      events: ['file.uploaded', 'file.deleted'],
      description: 'CI picks up new builds',
      active: true,
      filters: null,
      digest: null,
      health: { status: 'healthy', consecutiveFailures: 0, pausedUntil: null },
    });
    expect(created.id).toMatch(/^wh_/);
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from((created.secret as string).slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);

    const again = await json<WebhookBody>(await stack.request('GET', `/api/v1/webhooks/${created.id}`));
    expect(again).not.toHaveProperty('secret');
    const { secret: _secret, ...withoutSecret } = created;
    expect(again).toEqual(withoutSecret);
    const list = await json<{ items: WebhookBody[] }>(await stack.request('GET', '/api/v1/webhooks'));
    expect(list.items.find((item) => item.id === created.id)).toEqual(withoutSecret);
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const row = await rawRow(created.id);
    expect(String(row.signing_secrets)).toMatch(/^v1\./);
    expect(String(row.signing_secrets)).not.toContain((created.secret as string).slice(6, 20));
    const webhook = await stored(created.id);
    expect(JSON.parse(box.open(webhook.signingSecrets as string))).toEqual([{ secret: created.secret, expiresAt: null }]);
    expect(activeSigningSecrets(box, webhook.signingSecrets, new Date())).toEqual([created.secret]);
    expect(webhook.createdBy).toBe('admin');
  });

  it('keeps a Slack URL encrypted at rest and masked in every answer', async () => {
    const created = await create({ repository: 'libs-release', target: { type: 'slack', url: SLACK_URL }, events: ['file.uploaded'] });
    expect(created.target).toEqual({ type: 'slack', url: SLACK_MASKED });
    expect(created).not.toHaveProperty('secret');

    const answers = [
      created,
      await json(await stack.request('GET', `/api/v1/webhooks/${created.id}`)),
      await json(await stack.request('GET', '/api/v1/webhooks')),
      await json(await stack.request('GET', '/api/v1/webhooks?repository=libs-release')),
      await json(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { description: 'alerts' } })),
      await json(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { active: false } })),
      await json(await stack.request('GET', `/api/v1/webhooks/${created.id}/audit`)),
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(SLACK_SECRET);
      expect(text).not.toContain('T0123ABCD');
      expect(text).not.toContain('B0456EFGH');
    }
    expect((answers[1] as unknown as WebhookBody).target).toEqual({ type: 'slack', url: SLACK_MASKED });
    expect((answers[4] as unknown as WebhookBody).target).toEqual({ type: 'slack', url: SLACK_MASKED });

    const row = await rawRow(created.id);
    expect(row.target_address).toBeNull();
    expect(row.signing_secrets).toBeNull();
    expect(JSON.stringify(row)).not.toContain(SLACK_SECRET);
    expect(JSON.stringify(row)).not.toContain('hooks.slack.com');
    // The worker reads what the API stored.
    expect(openTarget(box, await stored(created.id))).toEqual({ type: 'slack', url: SLACK_URL });
  });

  it('creates an email webhook and lists webhooks per repository', async () => {
    const email = await create({ repository: 'libs-snapshot', target: { type: 'email', to: 'ops@example.com' }, events: ['file.deleted'], active: false });
    expect(email.target).toEqual({ type: 'email', to: 'ops@example.com' });
    expect(email.active).toBe(false);
    expect(email).not.toHaveProperty('secret');

    const snapshot = await json<{ items: WebhookBody[] }>(await stack.request('GET', '/api/v1/webhooks?repository=libs-snapshot'));
    expect(snapshot.items.map((item) => item.id)).toEqual([email.id]);
    const release = await json<{ items: WebhookBody[] }>(await stack.request('GET', '/api/v1/webhooks?repository=libs-release'));
    expect(release.items.length).toBeGreaterThan(0);
    expect(release.items.every((item) => item.repository === 'libs-release')).toBe(true);
    const none = await json<{ items: WebhookBody[] }>(await stack.request('GET', '/api/v1/webhooks?repository=nothing-here'));
    expect(none).toEqual({ items: [] });
  });

  it('stores filters and digest, and reports health as the worker records it', async () => {
    const created = await create({
      repository: 'libs-release',
      target: { type: 'email', to: 'builds@example.com' },
      events: ['file.uploaded'],
      filters: { include: ['**/*.jar'] },
      digest: { windowSeconds: 300 },
    });
    expect(created.filters).toEqual({ include: ['**/*.jar'], exclude: [], skipSideFiles: false });
    expect(created.digest).toEqual({ windowSeconds: 300 });

    const em = stack.orm.em.fork();
    const webhook = await em.findOneOrFail(Webhook, { id: created.id });
    const pausedUntil = new Date(Date.now() + 60_000);
    Object.assign(webhook, { consecutiveFailures: 4, pausedUntil });
    await em.flush();
    const paused = await json<WebhookBody>(await stack.request('GET', `/api/v1/webhooks/${created.id}`));
    expect(paused.health).toEqual({ status: 'paused', consecutiveFailures: 4, pausedUntil: pausedUntil.toISOString() });

    Object.assign(webhook, { consecutiveFailures: 40, pausedUntil: null, disabledAt: new Date(), active: false });
    await em.flush();
    const disabled = await json<WebhookBody>(await stack.request('GET', `/api/v1/webhooks/${created.id}`));
    expect(disabled.health).toEqual({ status: 'disabled', consecutiveFailures: 40, pausedUntil: null });

    const same = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { filters: { exclude: [], include: ['**/*.jar'] }, digest: { windowSeconds: 300 } } });
    expect(same.status).toBe(200);
    const resumed = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { active: true } }));
    expect(resumed.active).toBe(true);
    expect(resumed.health).toEqual({ status: 'healthy', consecutiveFailures: 0, pausedUntil: null });
    // Re-sending the same filters and digest changed nothing, so only the resumption is audited.
    expect((await auditActions(created.id)).map((entry) => entry.action)).toEqual(['webhook.resumed', 'webhook.created']);

    const cleared = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { filters: null, digest: null } }));
    expect(cleared).toMatchObject({ filters: null, digest: null });
  });

  it('changes events, description and active, auditing each change by name', async () => {
    const created = await create({ repository: 'libs-release', target: { type: 'json', url: 'https://a.example.com/hook' }, events: ['file.uploaded'] });
    const patched = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, {
      body: { events: ['file.uploaded', 'maven.version.published'], description: 'both', active: false },
    });
    expect(patched.status).toBe(200);
    const body = await json<WebhookBody>(patched);
    expect(body).toMatchObject({ events: ['file.uploaded', 'maven.version.published'], description: 'both', active: false });
    expect(body).not.toHaveProperty('secret');
    expect(new Date(body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());

    const unchanged = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { active: false } }));
    expect(unchanged.active).toBe(false);
    const resumed = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { active: true, description: null } }));
    expect(resumed).toMatchObject({ active: true, description: null });

    const audit = await auditActions(created.id);
    expect(audit.map((entry) => entry.action).sort()).toEqual(['webhook.created', 'webhook.paused', 'webhook.resumed', 'webhook.updated', 'webhook.updated'].sort());
    expect(audit.every((entry) => entry.actor === 'admin')).toBe(true);
    const updates = audit.filter((entry) => entry.action === 'webhook.updated').map((entry) => entry.detail?.fields);
    expect(updates).toEqual(expect.arrayContaining([['events', 'description'], ['description']]));
  });

  it('keeps the signing secret when a json URL moves, and makes or drops one when the type changes', async () => {
    const created = await create({ repository: 'libs-release', target: { type: 'json', url: 'https://old.example.com/hook' }, events: ['file.uploaded'] });
    const before = (await stored(created.id)).signingSecrets;

    const moved = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { target: { type: 'json', url: 'https://new.example.com/hook' } } }));
    expect(moved.target).toEqual({ type: 'json', url: 'https://new.example.com/hook' });
    expect(moved).not.toHaveProperty('secret');
    const afterMove = await stored(created.id);
    expect(afterMove.signingSecrets).toBe(before);
    expect(activeSigningSecrets(box, afterMove.signingSecrets, new Date())).toEqual([created.secret]);

    const toSlack = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { target: { type: 'slack', url: SLACK_URL } } }));
    expect(toSlack.target).toEqual({ type: 'slack', url: SLACK_MASKED });
    expect(toSlack).not.toHaveProperty('secret');
    const asSlack = await stored(created.id);
    expect(asSlack).toMatchObject({ targetType: 'slack', targetAddress: null, signingSecrets: null });

    const toJson = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { target: { type: 'json', url: 'https://back.example.com/hook' } } }));
    expect(toJson.secret).toMatch(/^whsec_/);
    expect(toJson.secret).not.toBe(created.secret);
    const asJson = await stored(created.id);
    expect(asJson).toMatchObject({ targetType: 'json', targetAddress: 'https://back.example.com/hook', targetSecretUrl: null });
    expect(activeSigningSecrets(box, asJson.signingSecrets, new Date())).toEqual([toJson.secret]);
    expect(JSON.stringify(await json(await stack.request('GET', `/api/v1/webhooks/${created.id}`)))).not.toContain(toJson.secret);

    const toEmail = await json<WebhookBody>(await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, { body: { target: { type: 'email', to: 'ops@example.com' } } }));
    expect(toEmail.target).toEqual({ type: 'email', to: 'ops@example.com' });
    expect(await stored(created.id)).toMatchObject({ targetType: 'email', targetAddress: 'ops@example.com', signingSecrets: null, targetSecretUrl: null });

    const audit = await auditActions(created.id);
    const targetChanges = audit.filter((entry) => entry.action === 'webhook.updated');
    expect(targetChanges).toHaveLength(4);
    expect(targetChanges.every((entry) => JSON.stringify(entry.detail) === JSON.stringify({ ...entry.detail, fields: ['target'] }))).toBe(true);
    const auditText = JSON.stringify(audit);
    for (const secret of [created.secret, toJson.secret, SLACK_SECRET, 'https://']) expect(auditText).not.toContain(secret);
  });

  it('rotates a secret: both sign for 24 hours, then only the new one', async () => {
    const created = await create({ repository: 'libs-release', target: { type: 'json', url: 'https://rotate.example.com/hook' }, events: ['file.uploaded'] });
    const before = Date.now();
    const rotated = await stack.request('POST', `/api/v1/webhooks/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const { secret, ...rest } = await json<{ secret: string }>(rotated);
    expect(rest).toEqual({});
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);

    const webhook = await stored(created.id);
    const list = JSON.parse(box.open(webhook.signingSecrets as string)) as Array<{ secret: string; expiresAt: string | null }>;
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({ secret, expiresAt: null });
    expect(list[1].secret).toBe(created.secret);
    const expiresAt = new Date(list[1].expiresAt as string).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + DAY_MS);

    expect(activeSigningSecrets(box, webhook.signingSecrets, new Date())).toEqual([secret, created.secret]);
    expect(activeSigningSecrets(box, webhook.signingSecrets, new Date(Date.now() + DAY_MS - 60_000))).toEqual([secret, created.secret]);
    expect(activeSigningSecrets(box, webhook.signingSecrets, new Date(Date.now() + DAY_MS + 60_000))).toEqual([secret]);

    const read = JSON.stringify(await json(await stack.request('GET', `/api/v1/webhooks/${created.id}`)));
    expect(read).not.toContain(secret);
    expect(read).not.toContain(created.secret);
    const audit = await auditActions(created.id);
    expect(audit[0]).toMatchObject({ action: 'webhook.secret_rotated', actor: 'admin' });
    expect(JSON.stringify(audit)).not.toContain(secret);

    const email = await create({ repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.uploaded'] });
    const refused = await stack.request('POST', `/api/v1/webhooks/${email.id}/rotate-secret`);
    expect(refused.status).toBe(409);
    expect(await json<ErrorBody>(refused)).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect((await stack.request('POST', '/api/v1/webhooks/wh_missing/rotate-secret')).status).toBe(404);
  });

  it('deletes a webhook with its deliveries and attempts, leaving others and the audit trail', async () => {
    const doomed = await create({ repository: 'libs-release', target: { type: 'json', url: 'https://doomed.example.com/hook' }, events: ['file.uploaded'] });
    const kept = await create({ repository: 'libs-release', target: { type: 'json', url: 'https://kept.example.com/hook' }, events: ['file.uploaded'] });
    const em = stack.orm.em.fork();
    for (const webhookId of [doomed.id, doomed.id, kept.id]) {
      const delivery = em.create(Delivery, { webhookId, eventId: 'evt_x', eventType: 'file.uploaded', workflowId: `file-event-${webhookId}` });
      em.create(DeliveryAttempt, { delivery, number: 1, startedAt: new Date(), durationMs: 5, statusCode: 500 });
    }
    await em.flush();

    const deleted = await stack.request('DELETE', `/api/v1/webhooks/${doomed.id}`);
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    const gone = await stack.request('GET', `/api/v1/webhooks/${doomed.id}`);
    expect(gone.status).toBe(404);
    expect(await json<ErrorBody>(gone)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await stack.request('DELETE', `/api/v1/webhooks/${doomed.id}`)).status).toBe(404);

    const check = stack.orm.em.fork();
    expect(await check.count(Delivery, { webhookId: doomed.id })).toBe(0);
    expect(await check.count(DeliveryAttempt, { delivery: { webhookId: doomed.id } })).toBe(0);
    expect(await check.count(Delivery, { webhookId: kept.id })).toBe(1);
    expect(await check.count(DeliveryAttempt, { delivery: { webhookId: kept.id } })).toBe(1);
    const attempts = await check.getConnection().execute('select count(*) as n from delivery_attempt');
    expect(Number((attempts[0] as { n: number | string }).n)).toBeGreaterThanOrEqual(1);

    const audit = await auditActions(doomed.id);
    expect(audit.map((entry) => entry.action)).toEqual(['webhook.deleted', 'webhook.created']);
    expect(audit[0]).toMatchObject({ actor: 'admin', detail: { repository: 'libs-release', targetType: 'json' } });
    expect((await stack.request('GET', '/api/v1/webhooks/wh_never/audit')).status).toBe(404);
    expect((await stack.request('PATCH', '/api/v1/webhooks/wh_never', { body: { active: false } })).status).toBe(404);
  });

  it('answers odd ids and repository names with 404 or 400, never 500', async () => {
    for (const id of ['%00', 'wh_%00x', '%E2%80%AE', 'x'.repeat(300), 'wh_01%0D%0Ax', "wh_1'%20or%20'1'='1"]) {
      for (const [method, path, body] of [
        ['GET', `/api/v1/webhooks/${id}`],
        ['PATCH', `/api/v1/webhooks/${id}`, { active: false }],
        ['DELETE', `/api/v1/webhooks/${id}`],
        ['POST', `/api/v1/webhooks/${id}/rotate-secret`],
        ['GET', `/api/v1/webhooks/${id}/audit`],
      ] as Array<[string, string, unknown?]>) {
        const response = await stack.request(method, path, { body });
        expect([method, path, response.status]).toEqual([method, path, 404]);
      }
    }
    expect((await stack.request('GET', '/api/v1/webhooks?repository=%00')).status).toBe(400);
    const everything = await json<{ items: unknown[] }>(await stack.request('GET', '/api/v1/webhooks?repository='));
    expect(everything.items.length).toBeGreaterThan(1);
    const nul = await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'libs\u0000release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.uploaded'] } });
    expect(nul.status).toBe(400);
  });

  it('is for admins only: 401 anonymous (with a challenge), 401 wrong password, 403 deployer', async () => {
    const target = await create({ repository: 'libs-release', target: { type: 'email', to: 'ops@example.com' }, events: ['file.uploaded'] });
    const deployer = await createUser(stack, 'ci', 'deployer');
    const routes: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/webhooks', { repository: 'libs-release', target: { type: 'email', to: 'x@example.com' }, events: ['file.uploaded'] }],
      ['GET', '/api/v1/webhooks'],
      ['GET', `/api/v1/webhooks/${target.id}`],
      ['PATCH', `/api/v1/webhooks/${target.id}`, { active: false }],
      ['DELETE', `/api/v1/webhooks/${target.id}`],
      ['POST', `/api/v1/webhooks/${target.id}/rotate-secret`],
      ['GET', `/api/v1/webhooks/${target.id}/audit`],
    ];
    for (const [method, path, body] of routes) {
      const anonymous = await stack.request(method, path, { auth: null, body });
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="Herald"');
      expect(await json<ErrorBody>(anonymous)).toMatchObject({ statusCode: 401 });

      const wrong = await stack.request(method, path, { auth: basicAuth('admin', 'not-the-password'), body });
      expect([method, path, wrong.status]).toEqual([method, path, 401]);

      const forbidden = await stack.request(method, path, { auth: deployer, body });
      expect([method, path, forbidden.status]).toEqual([method, path, 403]);
    }
    expect((await stack.request('GET', `/api/v1/webhooks/${target.id}`)).status).toBe(200);
    expect((await stored(target.id)).active).toBe(true);
  });
});
