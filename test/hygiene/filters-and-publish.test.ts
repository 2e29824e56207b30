import type { PublishedVersionData } from '@herald/contracts';
import { Delivery } from '@herald/persistence';
import { dialectsForDescribe } from '../webhooks/helpers';
import { Receiver } from '../support/receiver';
import { TestStack } from '../support/stack';
import { sleep } from '../support/timing';
import { api, createRepository, createWebhook, distinctById, upload, verified } from './helpers';

const VERSION = 'com/example/demo/1.0.0';
const JAR = `${VERSION}/demo-1.0.0.jar`;
const POM = `${VERSION}/demo-1.0.0.pom`;

/** What `mvn deploy` uploads for one jar, in its order: files, their checksums, then the metadata. */
const DEPLOY = [JAR, `${JAR}.md5`, `${JAR}.sha1`, POM, `${POM}.md5`, `${POM}.sha1`, 'com/example/demo/maven-metadata.xml', 'com/example/demo/maven-metadata.xml.md5', 'com/example/demo/maven-metadata.xml.sha1'];
const QUIET_MS = 1_500;

describe.each(dialectsForDescribe())('filters and publish grouping (%s)', (dialect) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({ dialect, env: { HERALD_PUBLISH_QUIET: `${QUIET_MS}ms` } });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('documents filters, digest, health and recover in OpenAPI', async () => {
    const document = (await (await stack.request('GET', '/docs-json', { auth: null })).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
    };
    expect(Object.keys(document.paths['/api/v1/webhooks/{id}/recover'].post.responses)).toEqual(expect.arrayContaining(['202', '400', '404', '409']));
    expect(document.components.schemas.RecoverDeliveriesDto.properties?.since).toMatchObject({ type: 'string', format: 'date-time' });
    expect(document.components.schemas.WebhookFiltersDto.properties?.include).toMatchObject({ type: 'array', maxItems: 100 });
    expect(document.components.schemas.WebhookDigestDto.properties?.windowSeconds).toMatchObject({ minimum: 10, maximum: 86400 });
    expect(Object.keys(document.components.schemas.WebhookHealthResponse.properties ?? {})).toEqual(['status', 'consecutiveFailures', 'pausedUntil']);
  });

  it('refuses a glob that does not compile, naming the field', async () => {
    await createRepository(stack, 'checks');
    const response = await stack.request('POST', '/api/v1/webhooks', {
      body: { repository: 'checks', target: { type: 'email', to: 'ops@example.com' }, events: ['file.uploaded'], filters: { include: ['**/*.jar', 'com/{a,b/**'] } },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string[] };
    expect(body.message).toEqual([expect.stringMatching(/^filters\.include\[1\] "com\/\{a,b\/\*\*" is not a valid glob/)]);
    const tooShort = await stack.request('POST', '/api/v1/webhooks', { body: { repository: 'checks', target: { type: 'email', to: 'ops@example.com' }, events: ['file.downloaded'], digest: { windowSeconds: 5 } } });
    expect(tooShort.status).toBe(400);
    expect(((await tooShort.json()) as { message: string[] }).message).toEqual(['digest.windowSeconds must be a whole number of seconds from 10 to 86400']);
  });

  it('a Maven deploy: filters decide who gets which file, and one maven.version.published lists the version', async () => {
    await createRepository(stack, 'libs-release');
    const receivers = await Promise.all([Receiver.start(), Receiver.start(), Receiver.start(), Receiver.start()]);
    const [all, jarsOnly, noSideFiles, published] = receivers;
    try {
      const hook = (receiver: Receiver, extra: Record<string, unknown>) =>
        createWebhook(stack, { repository: 'libs-release', target: { type: 'json', url: receiver.url }, events: ['file.uploaded'], ...extra });
      const hooks = [
        await hook(all, {}),
        await hook(jarsOnly, { filters: { include: ['**/*.jar'] } }),
        await hook(noSideFiles, { filters: { include: ['com/example/**', '!**/maven-metadata.xml*'], skipSideFiles: true } }),
        await hook(published, { events: ['maven.version.published'] }),
      ];

      for (const path of DEPLOY) await upload(stack, 'libs-release', path);

      const paths = async (receiver: Receiver, index: number, count: number) =>
        distinctById((await receiver.waitFor(count, 60_000)).map((request) => verified<{ path: string }>(request, hooks[index].secret!)))
          .map((notification) => notification.data.path)
          .sort();
      const distinct = (receiver: Receiver) => new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size;
      expect(await paths(all, 0, DEPLOY.length)).toEqual([...DEPLOY].sort());
      expect(await paths(jarsOnly, 1, 1)).toEqual([JAR]);
      expect(await paths(noSideFiles, 2, 2)).toEqual([JAR, POM].sort());

      const [request] = await published.waitFor(1, 60_000);
      const notification = verified<PublishedVersionData>(request, hooks[3].secret!);
      expect(notification.type).toBe('maven.version.published');
      expect(notification.data).toEqual({
        id: notification.id,
        repository: 'libs-release',
        maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' },
        files: [
          { path: JAR, size: Buffer.byteLength(`bytes of ${JAR}`), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { path: POM, size: Buffer.byteLength(`bytes of ${POM}`), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      });
      const jar = await stack.request('HEAD', `/repositories/libs-release/${JAR}`);
      expect(notification.data.files[0].sha256).toBe(jar.headers.get('x-checksum-sha256'));

      // Quiet since: no second announcement, and nothing more for the filtered webhooks.
      await sleep(QUIET_MS * 3);
      expect(distinct(published)).toBe(1);
      expect(distinct(jarsOnly)).toBe(1);
      expect(distinct(noSideFiles)).toBe(2);
      const em = stack.orm.em.fork();
      expect(await em.count(Delivery, { webhookId: hooks[3].id })).toBe(1);
    } finally {
      await Promise.all(receivers.map((receiver) => receiver.stop()));
    }
  }, 180_000);

  it('a version filtered out entirely is not announced to that webhook', async () => {
    await createRepository(stack, 'wars');
    const receiver = await Receiver.start();
    try {
      const wars = await createWebhook(stack, { repository: 'wars', target: { type: 'json', url: receiver.url }, events: ['maven.version.published'], filters: { include: ['**/*.war'] } });
      const anything = await createWebhook(stack, { repository: 'wars', target: { type: 'json', url: receiver.url }, events: ['maven.version.published'] });
      await upload(stack, 'wars', 'org/acme/app/2.0/app-2.0.jar');
      await upload(stack, 'wars', 'org/acme/app/2.0/app-2.0.jar.sha1');
      await receiver.waitFor(1, 60_000);
      await sleep(QUIET_MS * 3);
      expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
      expect(receiver.requests[0].body).toContain('org/acme/app/2.0/app-2.0.jar');
      expect(() => verified(receiver.requests[0], anything.secret!)).not.toThrow();
      expect(await stack.orm.em.fork().count(Delivery, { webhookId: wars.id })).toBe(0);
      const webhook = await api<{ filters: unknown }>(stack, 'GET', `/webhooks/${wars.id}`);
      expect(webhook.filters).toEqual({ include: ['**/*.war'], exclude: [], skipSideFiles: false });
    } finally {
      await receiver.stop();
    }
  }, 120_000);
});
