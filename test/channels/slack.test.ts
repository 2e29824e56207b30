import type { DigestData, NotificationPayload, PublishedVersionData } from '@herald/contracts';
import { PermanentDeliveryError, RetryableDeliveryError, SlackChannel } from '@herald/channels';
import { createSafeHttpClient } from '@herald/networking';
import { UPLOAD_URL, notification, uploadPayload } from './fixtures';
import { SLACK_ANSWERS, SlackStandIn, type SlackAnswer } from './slack-stand-in';

const SECRET_PARTS = ['T0HERALD1', 'B0HERALD2', 'Xq7SecretHookToken9fZ2'];

async function failureOf(promise: Promise<unknown>): Promise<RetryableDeliveryError | PermanentDeliveryError> {
  try {
    await promise;
  } catch (error) {
    return error as RetryableDeliveryError | PermanentDeliveryError;
  }
  throw new Error('the delivery succeeded');
}

function expectNoSecret(error: Error & { responseBody?: string | null }): void {
  const visible = JSON.stringify({ message: error.message, body: error.responseBody, stack: error.stack });
  for (const part of SECRET_PARTS) expect(visible).not.toContain(part);
  expect(visible).not.toContain('/services/');
}

describe('SlackChannel against a stand-in that answers as Slack documents', () => {
  let slack: SlackStandIn;
  let channel: SlackChannel;
  let target: { type: 'slack'; url: string };

  beforeAll(async () => {
    slack = await SlackStandIn.start();
    channel = new SlackChannel(createSafeHttpClient({ allowPrivate: true, timeoutMs: 5_000 }), slack.prefix, 5_000);
    target = { type: 'slack', url: slack.hookUrl() };
  });

  afterAll(() => slack.stop());

  beforeEach(() => {
    slack.answer = 'ok';
    slack.rawAnswer = null;
    slack.posts.splice(0);
    slack.rejected.splice(0);
  });

  it('posts valid Block Kit naming event type, repository, path as a link, size, actor and time', async () => {
    const result = await channel.deliver(target, notification());
    expect(result).toEqual({ statusCode: 200, responseBody: 'ok' });
    expect(slack.rejected).toEqual([]);
    const [post] = slack.posts;
    expect(post.path).toBe('/services/T0HERALD1/B0HERALD2/Xq7SecretHookToken9fZ2');
    expect(post.contentType).toMatch(/^application\/json/);

    const { text, blocks } = post.body;
    expect(text).toBe('File uploaded: file.uploaded libs-release com/example/demo/1.0.0/demo-1.0.0.jar by ci from 203.0.113.9');
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'File uploaded in libs-release' } });
    const section = blocks[1] as { text: { text: string }; fields: Array<{ text: string }> };
    expect(section.text.text).toBe(`*file.uploaded*  <${UPLOAD_URL}|com/example/demo/1.0.0/demo-1.0.0.jar>`);
    const fields = section.fields.map((field) => field.text);
    expect(fields).toContain('*Repository*\nlibs-release');
    expect(fields).toContain('*Size*\n1.2 KiB (1,234 bytes)');
    expect(fields).toContain('*By*\nci from 203.0.113.9');
    expect(fields).toContain(`*When*\n<!date^${Date.parse('2026-11-28T22:00:00.000Z') / 1000}^{date_short_pretty} {time_secs}|2026-11-28 22:00:00 UTC>`);
    const context = blocks[blocks.length - 1] as { type: string; elements: Array<{ text: string }> };
    expect(context.type).toBe('context');
    expect(context.elements.map((element) => element.text)).toEqual([`SHA-256 ${'a'.repeat(64)}`, 'Client Apache-Maven/3.9.6', 'Herald event `evt_01test0000000000000000000`']);
  });

  it("escapes Slack's control characters in user-controlled text", async () => {
    const payload = uploadPayload({ path: 'com/x/<!channel>&<@U123>.jar', actor: { username: 'ci <!here>', ip: null, userAgent: 'curl & <b>' } });
    await channel.deliver(target, notification(payload));
    const raw = JSON.stringify(slack.posts[0].body);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<!here>');
    expect(raw).not.toContain('<@U123>');
    expect(raw).toContain('com/x/&lt;!channel&gt;&amp;&lt;@U123&gt;.jar');
    expect(raw).toContain('ci &lt;!here&gt;');
    expect(raw).toContain('curl &amp; &lt;b&gt;');
  });

  it('keeps a large digest within Block Kit limits', async () => {
    const digest: NotificationPayload<DigestData> = {
      type: 'file.digest',
      timestamp: '2026-11-28T22:05:00.000Z',
      data: {
        id: 'dig_01test',
        repository: 'libs-release',
        windowStart: '2026-11-28T22:00:00.000Z',
        windowEnd: '2026-11-28T22:05:00.000Z',
        counts: { 'file.downloaded': 5000 },
        paths: Array.from({ length: 400 }, (_, index) => ({ path: `com/example/lib${index}/${'x'.repeat(120)}.jar`, counts: { 'file.downloaded': index + 1 } })),
        actors: Array.from({ length: 60 }, (_, index) => `user${index}`),
      },
    };
    await channel.deliver(target, notification(digest));
    expect(slack.rejected).toEqual([]);
    const { text, blocks } = slack.posts[0].body;
    expect(text).toContain('file.digest libs-release 5000 events on 400 paths');
    const list = blocks.find((block) => JSON.stringify(block).includes('Busiest paths')) as { text: { text: string } };
    expect(list.text.text).toContain('com/example/lib399/');
    expect(list.text.text).toMatch(/… and \d+ more$/);
  });

  it('renders a published Maven version', async () => {
    const published: NotificationPayload<PublishedVersionData> = {
      type: 'maven.version.published',
      timestamp: '2026-11-28T22:00:00.000Z',
      data: { id: 'evt_01pub', repository: 'libs-release', maven: { groupId: 'com.example', artifactId: 'demo', version: '1.0.0' }, files: [{ path: 'com/example/demo/1.0.0/demo-1.0.0.jar', size: 2048, sha256: null }] },
    };
    await channel.deliver(target, notification(published));
    const raw = JSON.stringify(slack.posts[0].body);
    expect(raw).toContain('Maven version published in libs-release');
    expect(raw).toContain('com.example:demo:1.0.0');
    expect(raw).toContain('com/example/demo/1.0.0/demo-1.0.0.jar (2.0 KiB)');
  });

  it.each(['invalid_payload', 'action_prohibited', 'channel_not_found', 'no_service', 'channel_is_archived'] as SlackAnswer[])(
    'ends the delivery on %s, naming the Slack error and never the URL',
    async (answer) => {
      slack.answer = answer;
      const error = await failureOf(channel.deliver(target, notification()));
      const { status } = SLACK_ANSWERS[answer];
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error.message).toBe(`slack (${new URL(slack.prefix).host}) answered ${status} ${answer}`);
      expect(error.statusCode).toBe(status);
      expect(error.responseBody).toBe(answer);
      expectNoSecret(error);
    },
  );

  it('waits Retry-After on 429 rate_limited', async () => {
    slack.answer = 'rate_limited';
    const error = await failureOf(channel.deliver(target, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect((error as RetryableDeliveryError).retryAfterMs).toBe(3_000);
    expect(error.statusCode).toBe(429);
    expect(error.message).toContain('rate_limited');
    expectNoSecret(error);
  });

  it('retries a 5xx', async () => {
    slack.answer = 'server_error';
    const error = await failureOf(channel.deliver(target, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.statusCode).toBe(500);
    expectNoSecret(error);
  });

  it('keeps the URL out of the record even when an answer echoes it', async () => {
    slack.rawAnswer = { status: 502, body: `<html>bad gateway for POST /services/T0HERALD1/B0HERALD2/Xq7SecretHookToken9fZ2</html>` };
    const error = await failureOf(channel.deliver(target, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe(`slack (${new URL(slack.prefix).host}) answered 502`);
    expectNoSecret(error);
  });

  it('retries when Slack cannot be reached, naming only the host', async () => {
    const unreachable = new SlackChannel(createSafeHttpClient({ allowPrivate: true, timeoutMs: 2_000 }), 'http://127.0.0.1:1/services/', 2_000);
    const error = await failureOf(unreachable.deliver({ type: 'slack', url: 'http://127.0.0.1:1/services/T0HERALD1/B0HERALD2/Xq7SecretHookToken9fZ2' }, notification()));
    expect(error).toBeInstanceOf(RetryableDeliveryError);
    expect(error.message).toBe('request to slack (127.0.0.1:1) failed (ECONNREFUSED)');
    expectNoSecret(error);
  });

  it('refuses a loopback target unless private targets are allowed', async () => {
    const guarded = new SlackChannel(createSafeHttpClient({ allowPrivate: false, timeoutMs: 2_000 }), slack.prefix, 2_000);
    const error = await failureOf(guarded.deliver(target, notification()));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(slack.posts).toHaveLength(0);
    expectNoSecret(error);
  });

  it('refuses a URL outside HERALD_SLACK_URL_PREFIX without sending', async () => {
    const error = await failureOf(channel.deliver({ type: 'slack', url: slack.hookUrl().replace('/services/', '/other/') }, notification()));
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(slack.posts).toHaveLength(0);
    expectNoSecret(error);
  });
});
