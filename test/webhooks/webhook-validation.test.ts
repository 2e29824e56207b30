import { Webhook } from '@herald/persistence';
import { TestStack } from '../support/stack';
import { createRepositories, json, type ErrorBody } from './helpers';

/** A public IP literal: valid without DNS, which this machine may not have. */
const PUBLIC_URL = 'https://8.8.8.8/hook';
const SLACK_PREFIX = 'http://127.0.0.1:9/services/';
const VALID = { repository: 'libs-release', target: { type: 'json', url: PUBLIC_URL }, events: ['file.uploaded'] };

/** [what is wrong, the field the message must name, the body]. */
const INVALID_BODIES: Array<[string, string, unknown]> = [
  ['no repository', 'repository', { ...VALID, repository: undefined }],
  ['an empty repository', 'repository', { ...VALID, repository: '' }],
  ['an unknown repository', 'repository', { ...VALID, repository: 'no-such-repo' }],
  ['a numeric repository', 'repository', { ...VALID, repository: 42 }],
  ['no events', 'events', { ...VALID, events: undefined }],
  ['an empty event list', 'events', { ...VALID, events: [] }],
  ['an unknown event', 'events', { ...VALID, events: ['file.created'] }],
  ['webhook.test as a subscription', 'events', { ...VALID, events: ['webhook.test'] }],
  ['a duplicate event', 'events', { ...VALID, events: ['file.uploaded', 'file.uploaded'] }],
  ['events as a string', 'events', { ...VALID, events: 'file.uploaded' }],
  ['events as null', 'events', { ...VALID, events: null }],
  ['a number among events', 'events', { ...VALID, events: ['file.uploaded', 7] }],
  ['no target', 'target', { ...VALID, target: undefined }],
  ['a null target', 'target', { ...VALID, target: null }],
  ['a target string', 'target', { ...VALID, target: PUBLIC_URL }],
  ['a target list', 'target', { ...VALID, target: [{ type: 'json', url: PUBLIC_URL }] }],
  ['a target without type', 'target.type', { ...VALID, target: { url: PUBLIC_URL } }],
  ['an unknown target type', 'target.type', { ...VALID, target: { type: 'sms', to: '+15550100' } }],
  ['a json target without url', 'target.url', { ...VALID, target: { type: 'json' } }],
  ['an email target with a url', 'target.url', { ...VALID, target: { type: 'email', url: PUBLIC_URL } }],
  ['an unknown property inside target', 'target.secret', { ...VALID, target: { type: 'json', url: PUBLIC_URL, secret: 'whsec_x' } }],
  ['headers inside target', 'target.headers', { ...VALID, target: { type: 'json', url: PUBLIC_URL, headers: { 'x-a': '1' } } }],
  ['a url that is not a string', 'target.url', { ...VALID, target: { type: 'json', url: 42 } }],
  ['a relative url', 'target.url', { ...VALID, target: { type: 'json', url: '/hooks' } }],
  ['a url that is not a url', 'target.url', { ...VALID, target: { type: 'json', url: 'not a url' } }],
  ['an ftp url', 'target.url', { ...VALID, target: { type: 'json', url: 'ftp://8.8.8.8/hook' } }],
  ['a file url', 'target.url', { ...VALID, target: { type: 'json', url: 'file:///etc/passwd' } }],
  ['a javascript url', 'target.url', { ...VALID, target: { type: 'json', url: 'javascript:alert(1)' } }],
  ['a data url', 'target.url', { ...VALID, target: { type: 'json', url: 'data:text/plain,hi' } }],
  ['a gopher url', 'target.url', { ...VALID, target: { type: 'json', url: 'gopher://8.8.8.8:70/_x' } }],
  ['a url with user:pass', 'target.url', { ...VALID, target: { type: 'json', url: 'https://user:pass@8.8.8.8/hook' } }],
  ['a url with a user', 'target.url', { ...VALID, target: { type: 'json', url: 'https://user@8.8.8.8/hook' } }],
  ['a url with an empty userinfo', 'target.url', { ...VALID, target: { type: 'json', url: 'https://@8.8.8.8/hook' } }],
  ['a url with a space', 'target.url', { ...VALID, target: { type: 'json', url: 'https://8.8.8.8/a b' } }],
  ['a url with a leading space', 'target.url', { ...VALID, target: { type: 'json', url: ' https://8.8.8.8/hook' } }],
  ['a url with a tab', 'target.url', { ...VALID, target: { type: 'json', url: 'https://8.8.\t8.8/hook' } }],
  ['a url with CR/LF', 'target.url', { ...VALID, target: { type: 'json', url: 'https://8.8.8.8/hook\r\nX-Injected: 1' } }],
  ['a url with NUL', 'target.url', { ...VALID, target: { type: 'json', url: 'https://8.8.8.8/\u0000hook' } }],
  ['a url with DEL', 'target.url', { ...VALID, target: { type: 'json', url: 'https://8.8.8.8/\u007fhook' } }],
  ['a url with backslashes', 'target.url', { ...VALID, target: { type: 'json', url: 'https:\\\\8.8.8.8\\hook' } }],
  ['a url without host', 'target.url', { ...VALID, target: { type: 'json', url: 'https://' } }],
  ['a url too long', 'target.url', { ...VALID, target: { type: 'json', url: `https://8.8.8.8/${'a'.repeat(2100)}` } }],
  ['a slack url outside the prefix', 'target.url', { ...VALID, target: { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' } }],
  ['a slack url on another port', 'target.url', { ...VALID, target: { type: 'slack', url: 'http://127.0.0.1:99/services/T0/B0/x' } }],
  ['a slack url equal to the prefix', 'target.url', { ...VALID, target: { type: 'slack', url: SLACK_PREFIX } }],
  ['a slack url climbing out of the prefix', 'target.url', { ...VALID, target: { type: 'slack', url: `${SLACK_PREFIX}../admin/x` } }],
  ['an email target without to', 'target.to', { ...VALID, target: { type: 'email' } }],
  ['a display name', 'target.to', { ...VALID, target: { type: 'email', to: 'Ops <ops@example.com>' } }],
  ['an address in angle brackets', 'target.to', { ...VALID, target: { type: 'email', to: '<ops@example.com>' } }],
  ['a list of addresses', 'target.to', { ...VALID, target: { type: 'email', to: 'a@example.com, b@example.com' } }],
  ['a semicolon list', 'target.to', { ...VALID, target: { type: 'email', to: 'a@example.com;b@example.com' } }],
  ['a group', 'target.to', { ...VALID, target: { type: 'email', to: 'team: a@example.com;' } }],
  ['a header injection', 'target.to', { ...VALID, target: { type: 'email', to: 'a@x.com\r\nBcc: b@y.com' } }],
  ['a trailing newline', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@example.com\n' } }],
  ['a quoted local part', 'target.to', { ...VALID, target: { type: 'email', to: '"ops team"@example.com' } }],
  ['a comment', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@example.com (ops)' } }],
  ['no domain', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@' } }],
  ['no local part', 'target.to', { ...VALID, target: { type: 'email', to: '@example.com' } }],
  ['two @', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@@example.com' } }],
  ['no @', 'target.to', { ...VALID, target: { type: 'email', to: 'ops.example.com' } }],
  ['a space in the domain', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@exa mple.com' } }],
  ['an address literal', 'target.to', { ...VALID, target: { type: 'email', to: 'ops@[127.0.0.1]' } }],
  ['an address that is not a string', 'target.to', { ...VALID, target: { type: 'email', to: ['ops@example.com'] } }],
  ['a description too long', 'description', { ...VALID, description: 'x'.repeat(501) }],
  ['a numeric description', 'description', { ...VALID, description: 42 }],
  ['active as a string', 'active', { ...VALID, active: 'yes' }],
  ['filters as a list', 'filters', { ...VALID, filters: ['**/*.jar'] }],
  ['a filter pattern string', 'filters.include', { ...VALID, filters: { include: '**/*.jar' } }],
  ['an empty filter pattern', 'filters.exclude', { ...VALID, filters: { exclude: [''] } }],
  ['skipSideFiles as a string', 'filters.skipSideFiles', { ...VALID, filters: { skipSideFiles: 'yes' } }],
  ['an unknown filter', 'filters.regex', { ...VALID, filters: { regex: '.*' } }],
  ['a zero digest window', 'digest.windowSeconds', { ...VALID, digest: { windowSeconds: 0 } }],
  ['a fractional digest window', 'digest.windowSeconds', { ...VALID, digest: { windowSeconds: 1.5 } }],
  ['an empty digest', 'digest.windowSeconds', { ...VALID, digest: {} }],
  ['an unknown digest property', 'digest.cron', { ...VALID, digest: { windowSeconds: 60, cron: '* * * * *' } }],
  ['an unknown property', 'secret', { ...VALID, secret: 'whsec_mine' }],
  ['an id chosen by the client', 'id', { ...VALID, id: 'wh_mine' }],
  ['health written by the client', 'health', { ...VALID, health: { status: 'healthy' } }],
];

/** Internal addresses in every spelling, as JSON and Slack target hosts. */
const PRIVATE_HOSTS = [
  '127.0.0.1', '127.1', '2130706433', '0x7f.1', '0x7f000001', '0177.0.0.1', '127.0.0.1.', 'localhost', 'localhost.', 'LocalHost', 'api.localhost',
  '0.0.0.0', '0', '[::]', '[::1]', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[::127.0.0.1]', '[64:ff9b::7f00:1]', '[64:ff9b::127.0.0.1]',
  '[2002:7f00:1::]', '[2001:0:4136:e378:8000:63bf:3fff:fdd2]', '10.1.2.3', '172.16.5.4', '192.168.0.10', '169.254.169.254', '[::ffff:169.254.169.254]',
  '100.64.0.1', '224.0.0.251', '240.0.0.1', '255.255.255.255', '198.18.0.1', '[fc00::1]', '[fd00:ec2::254]', '[fe80::1]', '[ff02::1]', '[2001:db8::1]',
];

// Starting a stack (migrations, Nest, PostgreSQL) takes a while on a shared, busy machine.
jest.setTimeout(30_000);

describe('webhook validation and SSRF defence (private targets not allowed)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false, env: { HERALD_ALLOW_PRIVATE_TARGETS: 'false', HERALD_SLACK_URL_PREFIX: SLACK_PREFIX } });
    await createRepositories(stack, 'libs-release');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  async function expectRefused(response: Response, field: string): Promise<string[]> {
    const body = await json<ErrorBody>(response);
    expect({ status: response.status, statusCode: body.statusCode, error: body.error }).toEqual({ status: 400, statusCode: 400, error: 'Bad Request' });
    expect(Array.isArray(body.message)).toBe(true);
    const messages = body.message as string[];
    expect(messages.some((message) => message.includes(field))).toBe(true);
    return messages;
  }

  async function webhookCount(): Promise<number> {
    return stack.orm.em.fork().count(Webhook, {});
  }

  it('accepts a valid webhook to a public address', async () => {
    const response = await stack.request('POST', '/api/v1/webhooks', { body: VALID });
    expect(response.status).toBe(201);
    expect((await json(response)).target).toEqual({ type: 'json', url: PUBLIC_URL });
  });

  it.each(INVALID_BODIES)('POST refuses %s, naming %s', async (_case, field, body) => {
    const before = await webhookCount();
    await expectRefused(await stack.request('POST', '/api/v1/webhooks', { body }), field);
    expect(await webhookCount()).toBe(before);
  });

  it('never echoes a refused secret or URL credential', async () => {
    const response = await stack.request('POST', '/api/v1/webhooks', { body: { ...VALID, target: { type: 'json', url: 'https://user:hunter2pass@8.8.8.8/hook' } } });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('hunter2pass');
  });

  it('reports every problem of a body at once', async () => {
    const response = await stack.request('POST', '/api/v1/webhooks', { body: { repository: '', target: { type: 'json', url: 'ftp://x' }, events: [] } });
    const messages = await expectRefused(response, 'repository');
    expect(messages.some((message) => message.startsWith('target.url'))).toBe(true);
    expect(messages.some((message) => message.startsWith('events'))).toBe(true);
  });

  it.each(PRIVATE_HOSTS)('refuses a json target at %s', async (host) => {
    const messages = await expectRefused(await stack.request('POST', '/api/v1/webhooks', { body: { ...VALID, target: { type: 'json', url: `http://${host}/hook` } } }), 'target.url');
    expect(messages.join(' ')).toMatch(/loopback, private|does not resolve/);
  });

  it.each(['127.0.0.1', '127.1', '2130706433', '0x7f.1', '0177.0.0.1'])('refuses a slack target under the prefix spelled %s', async (host) => {
    const url = `http://${host}:9/services/T0/B0/secret`;
    expect(new URL(url).href.startsWith(SLACK_PREFIX)).toBe(true);
    const messages = await expectRefused(await stack.request('POST', '/api/v1/webhooks', { body: { ...VALID, target: { type: 'slack', url } } }), 'target.url');
    expect(messages.join(' ')).toContain('loopback, private');
  });

  it('refuses a host that does not resolve', async () => {
    const messages = await expectRefused(await stack.request('POST', '/api/v1/webhooks', { body: { ...VALID, target: { type: 'json', url: 'https://nowhere.invalid/hook' } } }), 'target.url');
    expect(messages.join(' ')).toContain('does not resolve');
  });

  describe('PATCH', () => {
    let id: string;

    beforeAll(async () => {
      id = (await json<{ id: string }>(await stack.request('POST', '/api/v1/webhooks', { body: VALID }))).id;
    });

    // The create cases whose bad field a PATCH can carry too (PATCH leaves missing fields alone).
    const patchCases = INVALID_BODIES.filter(([, field, body]) => field !== 'repository' && (body as Record<string, unknown>)[field.split('.')[0]] !== undefined);

    it.each(patchCases)('refuses %s, naming %s', async (_case, field, body) => {
      const { repository: _repository, ...changes } = body as Record<string, unknown>;
      await expectRefused(await stack.request('PATCH', `/api/v1/webhooks/${id}`, { body: changes }), field);
    });

    it.each([
      ['an empty event list', 'events', { events: [] }],
      ['null events', 'events', { events: null }],
      ['a duplicate event', 'events', { events: ['file.deleted', 'file.deleted'] }],
      ['a null target', 'target', { target: null }],
      ['an unknown target type', 'target.type', { target: { type: 'pager', url: PUBLIC_URL } }],
      ['a private json target', 'target.url', { target: { type: 'json', url: 'http://[::ffff:7f00:1]/hook' } }],
      ['a metadata json target', 'target.url', { target: { type: 'json', url: 'http://169.254.169.254/latest/meta-data/' } }],
      ['a slack url outside the prefix', 'target.url', { target: { type: 'slack', url: 'https://evil.example.com/services/T/B/x' } }],
      ['a header-injected email', 'target.to', { target: { type: 'email', to: 'a@x.com\r\nBcc: b@y.com' } }],
      ['a changed repository', 'repository', { repository: 'libs-release' }],
      ['null active', 'active', { active: null }],
    ])('refuses %s, naming %s', async (_case, field, body) => {
      await expectRefused(await stack.request('PATCH', `/api/v1/webhooks/${id}`, { body }), field);
      const webhook = await stack.orm.em.fork().findOneOrFail(Webhook, { id });
      expect(webhook).toMatchObject({ targetType: 'json', targetAddress: PUBLIC_URL, events: ['file.uploaded'], active: true });
    });
  });

  describe('malformed requests are 400, never 500', () => {
    it.each([
      ['truncated JSON', '{"repository":'],
      ['not JSON', 'repository=libs-release'],
      ['a JSON string', '"libs-release"'],
      ['JSON null', 'null'],
      ['a JSON array', JSON.stringify([VALID])],
      // An empty PATCH changes nothing: the unknown id answers 404 rather than 400.
      ['an empty body', ''],
      ['a prototype key', '{"__proto__":{"admin":true},"repository":"libs-release"}'],
    ])('%s', async (_case, text) => {
      for (const [method, path] of [['POST', '/api/v1/webhooks'], ['PATCH', '/api/v1/webhooks/wh_any']]) {
        const response = await stack.request(method, path, { body: text, headers: { 'content-type': 'application/json' } });
        expect([method, response.status]).toEqual([method, path.endsWith('wh_any') && text === '' ? 404 : 400]);
        expect(response.headers.get('content-type')).toMatch(/application\/json/);
        expect((await json<ErrorBody>(response)).statusCode).toBe(response.status);
      }
    });

    it('refuses a repeated or oversized repository query', async () => {
      expect((await stack.request('GET', '/api/v1/webhooks?repository=a&repository=b')).status).toBe(400);
      expect((await stack.request('GET', `/api/v1/webhooks?repository=${'x'.repeat(100)}`)).status).toBe(400);
      expect((await stack.request('GET', '/api/v1/webhooks?unknown=1')).status).toBe(400);
    });
  });
});
