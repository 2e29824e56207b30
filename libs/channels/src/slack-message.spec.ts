import { summarize, type NotificationSummary } from './notification-text';
import { SLACK_LIMITS, escapeMrkdwn, slackMessage, type SlackBlock } from './slack-message';

const base: NotificationSummary = {
  type: 'file.uploaded',
  title: 'File uploaded',
  headline: 'file.uploaded libs-release a/b.jar',
  repository: 'libs-release',
  link: { url: 'http://localhost/repositories/libs-release/a/b.jar', label: 'a/b.jar' },
  facts: [
    { key: 'repository', label: 'Repository', value: 'libs-release' },
    { key: 'path', label: 'Path', value: 'a/b.jar' },
    { key: 'size', label: 'Size', value: '9 bytes' },
    { key: 'actor', label: 'By', value: 'ci' },
    { key: 'time', label: 'When', value: '2026-11-28 22:00:00 UTC' },
  ],
  list: null,
  note: null,
  eventId: 'evt_1',
  timestamp: '2026-11-28T22:00:00.000Z',
};

type Section = Extract<SlackBlock, { type: 'section' }>;

describe('slack message', () => {
  it("escapes Slack's three control characters", () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('links the path, and keeps link-breaking characters out of the link target', () => {
    const message = slackMessage({ ...base, link: { url: 'http://localhost/x|y>z w', label: 'a/b.jar' } });
    expect((message.blocks[1] as Section).text?.text).toBe('*file.uploaded*  <http://localhost/x%7Cy%3Ez%20w|a/b.jar>');
  });

  it('shows an unlinked path in code for a deleted file', () => {
    const message = slackMessage({ ...base, type: 'file.deleted', link: null });
    expect((message.blocks[1] as Section).text?.text).toBe('*file.deleted*  `a/b.jar`');
  });

  it('shows the time in the reader’s zone with the UTC text as fallback', () => {
    const fields = (slackMessage(base).blocks[1] as Section).fields ?? [];
    expect(fields.map((field) => field.text)).toContain('*When*\n<!date^1795903200^{date_short_pretty} {time_secs}|2026-11-28 22:00:00 UTC>');
  });

  it('stays within Block Kit limits whatever the input length, without splitting an entity', () => {
    const long = '&'.repeat(5000);
    const message = slackMessage({
      ...base,
      repository: long,
      facts: [...base.facts.map((fact) => ({ ...fact, value: long })), ...Array.from({ length: 12 }, () => ({ key: 'repository' as const, label: 'Repository', value: long }))],
      list: { heading: 'Files', lines: Array.from({ length: 100 }, () => long), more: 0 },
    });
    const header = message.blocks[0] as Extract<SlackBlock, { type: 'header' }>;
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    const section = message.blocks[1] as Section;
    expect(section.fields?.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    for (const field of section.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    const plainFields = (section.fields ?? []).filter((field) => !field.text.startsWith('*When*'));
    for (const field of plainFields) expect(field.text).toMatch(/\n(&amp;)+…$/);
    const list = message.blocks[2] as Section;
    expect(list.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(list.text?.text).toMatch(/… and \d+ more$/);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  });

  it('shows a Python distribution among the fields, as it does Maven coordinates', () => {
    const wheel = 'demo_lib-1.0.0-py3-none-any.whl';
    const message = slackMessage(summarize({
      type: 'file.uploaded',
      timestamp: base.timestamp,
      data: {
        id: 'evt_1', repository: 'py-release', path: `packages/demo-lib/1.0.0/${wheel}`, name: wheel, size: 9, sha256: null, sha1: null, md5: null, contentType: null,
        actor: { username: 'ci', ip: null, userAgent: 'twine/6.0.1' }, url: `http://localhost/repositories/py-release/packages/demo-lib/1.0.0/${wheel}`,
        python: { project: 'demo-lib', version: '1.0.0', filename: wheel, packageType: 'bdist_wheel' },
      },
    }));
    const fields = ((message.blocks[1] as Section).fields ?? []).map((field) => field.text);
    expect(fields).toContain(`*Python*\ndemo-lib 1.0.0 (bdist_wheel ${wheel})`);
  });

  it('names a published Python version and lists its files', () => {
    const message = slackMessage(summarize({
      type: 'python.version.published',
      timestamp: base.timestamp,
      data: { id: 'evt_2', repository: 'py-release', python: { project: 'demo-lib', version: '1.0.0' }, files: [{ path: 'packages/demo-lib/1.0.0/demo_lib-1.0.0.tar.gz', size: 900, sha256: null }] },
    }));
    expect(message.text).toBe('Python version published: python.version.published py-release demo-lib 1.0.0');
    expect((message.blocks[0] as Extract<SlackBlock, { type: 'header' }>).text.text).toBe('Python version published in py-release');
    expect(((message.blocks[1] as Section).fields ?? []).map((field) => field.text)).toContain('*Python*\ndemo-lib 1.0.0');
    expect((message.blocks[2] as Section).text?.text).toBe('*Files*\n• packages/demo-lib/1.0.0/demo_lib-1.0.0.tar.gz (900 bytes)');
  });

  it('gives a fallback text for notifications', () => {
    expect(slackMessage(base).text).toBe('File uploaded: file.uploaded libs-release a/b.jar by ci');
  });
});
